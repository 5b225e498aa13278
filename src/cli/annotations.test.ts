import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../theorem/discover.js';
import type { TheoremResult } from '../theorem/verify.js';
import { toy } from '../testing/thm.js';
import { annotations, defineTheoremLine, escapeData, escapeProperty } from './annotations.js';

/** GitHub's decoding of a workflow-command value (the inverse of the escaping, in the reverse order). */
const unescape = (s: string) =>
  s
    .replaceAll('%2C', ',')
    .replaceAll('%3A', ':')
    .replaceAll('%0A', '\n')
    .replaceAll('%0D', '\r')
    .replaceAll('%25', '%');

describe('workflow-command escaping', () => {
  it('message data: %, CR and LF are encoded, so one annotation stays one line; decoding gives the text back', () => {
    const s = '100% sure:\r\nline 2, with %0A literally';
    const e = escapeData(s);
    expect(e).not.toMatch(/[\r\n]/);
    expect(e).toBe('100%25 sure:%0D%0Aline 2, with %250A literally');
    expect(unescape(e)).toBe(s);
  });

  it('properties: also : and , (which would end the value or start the next property)', () => {
    const s = 'a,b:c%\nd';
    const e = escapeProperty(s);
    expect(e).not.toMatch(/[,:\r\n]/);
    expect(unescape(e)).toBe(s);
  });

  it('defineTheoremLine: the 1-based line of the first defineTheorem( call', () => {
    expect(
      defineTheoremLine(
        "import x from 'y';\n// defineTheorem is used below\n\nexport default defineTheorem({\n  id: 'a',\n});",
      ),
    ).toBe(4);
    expect(defineTheoremLine('export default defineTheorem ({})')).toBe(1);
    expect(defineTheoremLine('nothing here')).toBe(1);
  });
});

describe('annotations', () => {
  const file = toy('toy_square_le_one');
  const rel = path.relative(PROJECT_ROOT, file);
  const line =
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => l.startsWith('export default defineTheorem(')) + 1;
  const base: TheoremResult = {
    id: 'toy_square_le_one',
    title: 't',
    status: 'theorem',
    kind: 'upper',
    citation: 'c',
    profile: 'quick',
    backend: 'f64',
    seed: 1,
    verdict: 'holds',
    passed: true,
    finding: false,
    runs: 3,
    discarded: 0,
    vacuous: 0,
    minSlack: 0.5,
    timeMs: 1,
    counterexamples: [],
    negativeControl: { verdict: 'violated', runs: 2, reason: '' },
    problems: [],
    warnings: [],
    fixtureProblems: [],
    healthJudged: true,
    notes: [],
    replay: 'r',
  };
  const ann = (r: TheoremResult) => annotations([r], () => file, PROJECT_ROOT);

  it('a clean pass has none', () => {
    expect(ann(base)).toEqual([]);
  });

  it("a theorem_error points at the user's line the engine found, not at defineTheorem", () => {
    const r: TheoremResult = {
      ...base,
      verdict: 'theorem_error',
      passed: false,
      counterexamples: [
        {
          phase: 'generate',
          spec: {},
          verdict: 'theorem_error',
          reason: 'evaluate threw TypeError: x',
          claims: [],
          rungs: [],
          location: `${rel}:17`,
          replay: 'r',
        },
      ],
    };
    expect(ann(r)).toHaveLength(1);
    expect(
      ann(r)[0]!.startsWith(`::error file=${rel},line=17,title=theorem toy_square_le_one%3A theorem_error::`),
    ).toBe(true);
  });

  it('warnings of a passing theorem are a ::warning on its defineTheorem line', () => {
    const [w, ...rest] = ann({ ...base, warnings: ['an undecided sample: dd and dec:50 disagree'] });
    expect(rest).toEqual([]);
    expect(w!.startsWith(`::warning file=${rel},line=${line},title=theorem toy_square_le_one%3A 1 warning::`)).toBe(
      true,
    );
    expect(w).toContain('%0Awarning: an undecided sample: dd and dec:50 disagree');
  });

  it('a fixture that cannot be replayed is an ::error on the fixture file', () => {
    const fx = path.join(PROJECT_ROOT, 'fixtures', 'counterexamples', 'toy_square_le_one', 'abc.json');
    const out = ann({
      ...base,
      passed: false,
      fixtureProblems: [
        { file: fx, field: 'status', message: `${fx}: status: "wontfix" must be open | explained | fixed` },
      ],
    });
    expect(out.find((l) => l.includes('fixture of'))).toBe(
      `::error file=fixtures/counterexamples/toy_square_le_one/abc.json,title=fixture of toy_square_le_one%3A status::${fx}: status: "wontfix" must be open | explained | fixed`,
    );
  });
});
