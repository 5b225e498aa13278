import { describe, expect, it } from 'vitest';
import { addReport, folderOf, folderScores, scoreTable, type Counts } from './mutationScore.js';

const report = (files: Record<string, string[]>) => ({
  files: Object.fromEntries(Object.entries(files).map(([f, st]) => [f, { mutants: st.map((status) => ({ status })) }])),
});

describe('mutation scores per folder', () => {
  it('folds theorem phases into src/theorem and keeps other folders as their directory', () => {
    expect(folderOf('src/theorem/phases/run.ts')).toBe('src/theorem');
    expect(folderOf('src/theorem/claims.ts')).toBe('src/theorem');
    expect(folderOf('src/numeric/dd.ts')).toBe('src/numeric');
  });

  it('score = (killed + timeout) / (killed + timeout + survived + no coverage); errors and ignored excluded', () => {
    const acc = new Map<string, Counts>();
    addReport(acc, report({ 'src/a/x.ts': ['Killed', 'Killed', 'Timeout', 'Survived'] }), 'r1');
    // a second report adds to the same folder (reports of several groups merge per folder)
    addReport(acc, report({ 'src/a/y.ts': ['NoCoverage', 'CompileError', 'RuntimeError', 'Ignored'] }), 'r2');
    const [a] = folderScores(acc);
    expect(a).toMatchObject({
      folder: 'src/a',
      killed: 2,
      timeout: 1,
      survived: 1,
      noCoverage: 1,
      errors: 2,
      ignored: 1,
    });
    expect(a?.score).toBeCloseTo((100 * 3) / 5, 12);
    expect(scoreTable(folderScores(acc))).toContain('| src/a | 60.0 % | 2 | 1 | 1 | 1 | 2 | 1 |');
  });

  it('a folder with no valid mutant has no score (not 0 %, not 100 %)', () => {
    const acc = new Map<string, Counts>();
    addReport(acc, report({ 'src/b/z.ts': ['Ignored', 'CompileError'] }), 'r');
    expect(folderScores(acc)[0]?.score).toBeNull();
  });

  it('rejects what is not a Stryker report, naming the report and the file', () => {
    expect(() => addReport(new Map(), { nope: 1 }, 'r.json')).toThrow(/r\.json: not a Stryker report/);
    expect(() => addReport(new Map(), report({ 'src/c.ts': ['Pending'] }), 'r.json')).toThrow(/src\/c\.ts.*"Pending"/);
  });
});
