import { describe, expect, it } from 'vitest';
import type { CheckedTheorem } from './checkJson.js';
import { stepSummary } from './stepSummary.js';

const base: CheckedTheorem = {
  id: 'a_b',
  area: 'x|y',
  title: 't',
  status: 'theorem',
  kind: 'upper',
  citation: 'c',
  profile: 'quick',
  backend: 'f64',
  seed: 1,
  verdict: 'violated',
  passed: false,
  finding: false,
  runs: 1,
  discarded: 0,
  vacuous: 0,
  minSlack: -0.5,
  timeMs: 1500,
  counterexamples: [],
  negativeControl: { verdict: 'violated', runs: 1, reason: '' },
  problems: ['a ``` fence and a | pipe'],
  warnings: [],
  fixtureProblems: [],
  healthJudged: true,
  notes: [],
  replay: 'r',
};

describe('stepSummary', () => {
  it('keeps each row one row (pipes escaped) and each details block closed by its own fence', () => {
    const md = stepSummary([base], {
      profile: 'quick',
      shard: { index: 2, total: 3 },
      interrupted: true,
      notRun: [{ id: 'later' }],
    });
    expect(md.split('\n')[0]).toBe(
      '### thm check (profile quick, shard 2/3): 0 passed, 1 failed, 0 findings — interrupted, not run: later',
    );
    const row = md.split('\n').find((l) => l.startsWith('| `a_b`'))!;
    expect(row.split(/(?<!\\)\|/).map((c) => c.trim())).toEqual([
      '',
      '`a_b`',
      'x\\|y',
      'violated',
      'violated',
      '-0.500',
      '1.5 s',
      'FAIL',
      '',
    ]);
    const open = md.indexOf('````text');
    expect(open).toBeGreaterThan(0); // the details hold ```, so the fence is four backticks
    expect(md.indexOf('\n````\n', open)).toBeGreaterThan(md.indexOf('a ``` fence', open));
  });
});
