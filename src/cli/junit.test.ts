/**
 * junitXml on hand-made results: every outcome kind and hostile text stays valid against schemas/junit.xsd (checked by
 * libxml2) and reads back unchanged through XPath. The real `thm check --junit` output is validated in ci.test.ts.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../theorem/discover.js';
import { validateAgainst, xpathString } from '../testing/xml.js';
import type { CheckedTheorem } from './checkJson.js';
import { junitXml } from './junit.js';

const XSD = path.join(PROJECT_ROOT, 'schemas', 'junit.xsd');
const hostile = 'a <b> & "c" \'d\' ]]> tab\there\nnew line %0A é ∑ 😀';

function result(over: Partial<CheckedTheorem>): CheckedTheorem {
  return {
    id: 'some_theorem',
    area: 'eos',
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
    timeMs: 1234,
    counterexamples: [],
    negativeControl: { verdict: 'violated', runs: 2, reason: '' },
    problems: [],
    warnings: [],
    fixtureProblems: [],
    healthJudged: true,
    notes: [],
    replay: 'npm run thm -- check some_theorem',
    ...over,
  };
}

describe('junitXml', () => {
  const results: CheckedTheorem[] = [
    result({ id: 'passes', observed: { x2: '1' } }),
    result({
      id: 'violated_one',
      verdict: 'violated',
      passed: false,
      counterexamples: [
        {
          phase: 'generate',
          spec: { x: hostile },
          verdict: 'violated',
          reason: `certified: ${hostile}`,
          claims: [],
          rungs: [],
          replay: 'npm run thm -- replay f.json',
        },
      ],
    }),
    result({
      id: 'slow_one',
      area: '',
      verdict: 'budget_exhausted',
      passed: false,
      problems: ['budget exhausted: 3 of 25 runs'],
    }),
    result({
      id: 'no_teeth',
      area: '',
      passed: false,
      problems: [`negative control: no teeth \u0001\u001b control chars`],
    }),
    result({ id: 'a_finding', status: 'conjecture', verdict: 'violated', finding: true }),
    result({
      id: 'bad_fixture',
      passed: false,
      fixtureProblems: [
        { file: 'f.json', field: 'status', message: 'f.json: status: "x" must be open | explained | fixed' },
      ],
    }),
  ];
  const xml = junitXml(results, {
    name: 'thm check',
    timestamp: '2026-01-02T03:04:05.678Z',
    properties: { profile: 'quick', odd: hostile },
    notRun: [{ id: 'never_ran', area: 'eos', reason: 'interrupted' }],
  });

  it('is valid against schemas/junit.xsd', async () => {
    const v = await validateAgainst(xml, XSD);
    expect(v.errors).toEqual([]);
    expect(v.valid).toBe(true);
  });

  it('counts and groups: one suite per area, failures vs errors vs skipped', async () => {
    expect(await xpathString(xml, 'count(/testsuites/testsuite)')).toBe('2');
    expect(await xpathString(xml, '/testsuites/@tests')).toBe('7');
    expect(await xpathString(xml, '/testsuites/@failures')).toBe('2'); // violated_one, no_teeth
    expect(await xpathString(xml, '/testsuites/@errors')).toBe('2'); // slow_one, bad_fixture
    expect(await xpathString(xml, '//testcase[@name="bad_fixture"]/error/@type')).toBe('fixture_problem');
    expect(await xpathString(xml, '//testcase[@name="bad_fixture"]/error/@message')).toBe(
      'holds: f.json: status: "x" must be open | explained | fixed',
    );
    expect(await xpathString(xml, '//testsuite[@name="eos"]/@skipped')).toBe('1');
    expect(await xpathString(xml, '//testcase[@name="slow_one"]/@classname')).toBe('(no area)');
    expect(await xpathString(xml, '//testcase[@name="slow_one"]/error/@type')).toBe('budget_exhausted');
    expect(await xpathString(xml, '//testcase[@name="never_ran"]/skipped/@message')).toBe('interrupted');
    expect(await xpathString(xml, '//testcase[@name="passes"]/@time')).toBe('1.234');
  });

  it('hostile text round-trips through a real parser (attributes keep tabs and newlines)', async () => {
    expect(await xpathString(xml, '//testcase[@name="violated_one"]/failure/@message')).toBe(
      `violated: certified: ${hostile}`,
    );
    expect(await xpathString(xml, '//property[@name="odd"]/@value')).toBe(hostile);
    expect(await xpathString(xml, '//testcase[@name="violated_one"]/failure')).toContain(
      'replay: npm run thm -- replay f.json',
    );
    // characters XML cannot carry are written as escapes, not dropped silently
    expect(await xpathString(xml, '//testcase[@name="no_teeth"]/failure/@message')).toContain(
      '\\u0001\\u001b control chars',
    );
  });

  it('the schema has teeth: a count that is not a number is rejected', async () => {
    expect((await validateAgainst(xml.replace(/ tests="\d+"/, ' tests="six"'), XSD)).valid).toBe(false);
  });
});
