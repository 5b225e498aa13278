import { describe, expect, it } from 'vitest';
import { findAny } from './lintAny.js';

describe('findAny (catalogue lint: no any in theorem code)', () => {
  it('flags any in every type position, and the any-aliases', () => {
    const src = [
      'const a: any = 1;',
      'function f(x: Backend<any>): any[] { return [x as any]; }',
      'type T = Objective<any>;',
      'let B: AnyBackend;',
      "let C: import('../../src/index.js').AnyBackend;",
      'const t: AnyTheorem = x;',
    ].join('\n');
    expect(findAny(src).map((u) => [u.line, u.text])).toEqual([
      [1, 'any'],
      [2, 'any'],
      [2, 'any'],
      [2, 'any'],
      [3, 'any'],
      [4, 'AnyBackend'],
      [5, 'AnyBackend'],
      [6, 'AnyTheorem'],
    ]);
  });

  it('ignores comments, strings and identifiers that merely contain the word', () => {
    const src = "// any comment with any\nconst s = 'any';\nconst anyway = company; /* any */\ntype U = unknown;";
    expect(findAny(src)).toEqual([]);
  });
});
