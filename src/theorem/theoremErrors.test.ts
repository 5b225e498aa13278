import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './discover.js';
import { describeValue, evidenceProblem, locate, specValueProblem, userFrame } from './theoremErrors.js';

describe('what evaluate returns', () => {
  it.each([
    [3, /the number 3, not Evidence/],
    [undefined, /returned undefined/],
    [{}, /an empty object \{\}/],
    [[], /returned an array of 0/],
    [Promise.resolve({ claims: [] }), /a Promise.*synchronous/],
    [{ claims: 'x<=1' }, /Evidence\.claims is the string "x<=1", not an array/],
    [{ claims: [null] }, /Evidence\.claims\[0\] is null/],
    [{ claims: [{ label: 1, lhs: '1', rel: '<=', rhs: '1', err: '0' }] }, /claims\[0\]\.label is the number 1/],
    [{ claims: [{ label: 'k', lhs: '1', rel: '<', rhs: '1', err: '0' }] }, /claims\[0\]\.rel is the string "<"/],
    [
      { claims: [{ label: 'k', lhs: '1', rel: '<=', rhs: '1', err: 1e-9 }] },
      /claims\[0\]\.err \(k\) is the number 1e-9/,
    ],
    [{ claims: [], inconclusive: true }, /inconclusive must be a string/],
  ])('%o is not Evidence', (ev, msg) => {
    expect(evidenceProblem(ev)).toMatch(msg);
  });

  it('accepts Evidence, including the NaN/Infinity strings B.show prints for a diverged value (judged invalid later)', () => {
    expect(evidenceProblem({ claims: [] })).toBeNull();
    expect(evidenceProblem({ claims: [], inconclusive: 'diverged' })).toBeNull();
    expect(evidenceProblem({ claims: [{ label: 'k', lhs: 'NaN', rel: '==', rhs: '-Infinity', err: '0' }] })).toBeNull();
  });
});

describe('what a generator produces', () => {
  it('accepts exact JSON: decimal strings, tags, finite numbers, booleans, null, nested arrays and objects', () => {
    expect(
      specValueProblem({
        loss: 'logistic',
        lr: '0.5',
        X: [['1', '-2e-3']],
        seed: 7,
        Q: [[0.5, -1]],
        ok: true,
        none: null,
      }),
    ).toBeNull();
  });

  it.each([
    [{ x: Infinity }, 'spec.x is the number Infinity'],
    [{ a: [{ b: NaN }] }, 'spec.a[0].b is the number NaN'],
    [{ x: '1.2.3' }, 'spec.x is "1.2.3": not an exact decimal string'],
    [{ x: '-inf' }, 'spec.x is "-inf": not a finite number'],
    [{ x: 'NaN' }, 'spec.x is "NaN": not a finite number'],
    [{ x: [1, undefined] }, 'spec.x[1] is undefined: not JSON'],
    [{ x: 1n }, 'spec.x is the bigint 1: not JSON'],
    [{ x: new Date(0) }, 'spec.x is a Date: specs are plain JSON'],
  ])('rejects %o', (spec, msg) => {
    expect(specValueProblem(spec)).toContain(msg);
  });
});

describe('where the bug is', () => {
  it('the innermost frame outside the framework, relative to the working directory', () => {
    const theorem = path.join(PROJECT_ROOT, 'properties', 'x', 'my.theorem.ts');
    const stack = [
      'TypeError: boom',
      `    at Object.num (${path.join(PROJECT_ROOT, 'src', 'numeric', 'f64.ts')}:10:5)`,
      `    at helper (${path.join(PROJECT_ROOT, 'node_modules', 'fast-check', 'lib', 'x.js')}:1:1)`,
      `    at Object.evaluate (file://${theorem}:42:7)`,
      `    at evaluateOn (${path.join(PROJECT_ROOT, 'src', 'theorem', 'referee.ts')}:40:19)`,
      '    at node:internal/process/task_queues:95:5',
    ].join('\n');
    expect(userFrame(stack)).toBe(`${path.relative(process.cwd(), theorem)}:42`);
    expect(userFrame('Error: x\n    at evaluateOn (/x/node_modules/y.js:1:1)')).toBeUndefined();
  });

  it('a definition line when there is no stack', () => {
    const file = path.join('src', 'theorem', 'testdata', 'toy_square_le_one.theorem.ts');
    expect(locate(file, 'evaluate')).toMatch(/toy_square_le_one\.theorem\.ts:\d+$/);
    expect(locate(file, 'no_such_key')).toBe(file);
    expect(locate(undefined, 'evaluate')).toBeUndefined();
    expect(describeValue(Promise.resolve(1))).toBe('a Promise');
  });
});
