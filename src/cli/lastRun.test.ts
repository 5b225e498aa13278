import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { TheoremResult } from '../theorem/verify.js';
import { VERDICTS } from '../theorem/types.js';
import { readLastRun, recordLastRun, withLock, writeJsonFile } from './lastRun.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-lastrun-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const d = path.join(tmp, `case${n++}`);
  fs.mkdirSync(d);
  return { dir: d, file: path.join(d, 'last-results.json') };
};
/** The fields readers use (a minimal valid entry). */
const result = (id: string, verdict = 'holds'): TheoremResult =>
  ({
    id,
    verdict,
    passed: true,
    profile: 'quick',
    backend: 'f64',
    runs: 1,
    timeMs: 0,
    seed: -5,
    minSlack: null,
    negativeControl: { verdict: 'violated', runs: 1, reason: '' },
    counterexamples: [],
  }) as unknown as TheoremResult;
const errorOf = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('no error');
};

describe('last-results store', () => {
  it('merges: entries of other theorems are kept, the same id is replaced', () => {
    const { file } = fresh();
    recordLastRun([result('a'), result('b')], file);
    recordLastRun([result('b', 'violated')], file);
    const r = readLastRun(file);
    expect(Object.keys(r).sort()).toEqual(['a', 'b']);
    expect(r.b!.verdict).toBe('violated');
  });

  it('a corrupt file is kept aside (renamed, content intact) with one warning line, not overwritten', () => {
    for (const bad of ['{"a": ', '[1, 2]', '{"a": {}, "a": {}}']) {
      const { dir, file } = fresh();
      fs.writeFileSync(file, bad);
      const warnings: string[] = [];
      expect(readLastRun(file, (w) => warnings.push(w))).toEqual({});
      recordLastRun([result('x')], file, { warn: (w) => warnings.push(w) });
      const aside = fs.readdirSync(dir).filter((f) => /^last-results\.corrupt-\d{8}T\d{6}Z(-\d+)?\.json$/.test(f));
      expect(aside, bad).toHaveLength(1);
      expect(fs.readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe(bad);
      expect(Object.keys(readLastRun(file))).toEqual(['x']);
      expect(warnings, bad).toHaveLength(2);
      expect(warnings[1]).toContain(`kept as ${aside[0]}`);
      for (const w of warnings) expect(w).not.toContain('\n');
    }
  });

  it('hand-edited entries with wrong types are skipped, one line naming the entry and the field', () => {
    const { file } = fresh();
    fs.writeFileSync(
      file,
      JSON.stringify({
        ok: result('ok'),
        v: { ...result('v'), verdict: 'great' },
        s: { ...result('s'), minSlack: 'small' },
        n: 3,
        k: result('other'),
        c: { ...result('c'), counterexamples: [null] },
        t: { ...result('t'), tightness: { ratio: 'high', claim: 'x', spec: {} } },
        u: { ...result('u'), tightness: { ratio: 0.5, claim: 'x', spec: { a: '1' } } },
      }),
    );
    const warnings: string[] = [];
    expect(Object.keys(readLastRun(file, (w) => warnings.push(w)))).toEqual(['ok', 'u']);
    expect(warnings.map((w) => w.replace(/^.*?: entry /, ''))).toEqual([
      `"v": verdict: "great" must be one of ${VERDICTS.join(' | ')}; skipped (thm check v records it anew)`,
      '"s": minSlack: "small" must be a number or null; skipped (thm check s records it anew)',
      '"n": must be an object; skipped (thm check n records it anew)',
      '"k": id: "other" must equal its key; skipped (thm check k records it anew)',
      '"c": counterexamples: must be an array of objects; skipped (thm check c records it anew)',
      '"t": tightness: must be an object { ratio, claim, spec } with a finite number ratio; skipped (thm check t records it anew)',
    ]);
  });

  it('a results file that is a directory is a one-line input error, and nothing is left behind', () => {
    const { dir, file } = fresh();
    fs.mkdirSync(file);
    for (const f of [() => readLastRun(file), () => recordLastRun([result('a')], file)]) {
      const e = errorOf(f);
      expect(e.name).toBe('InputError');
      expect(e.message).toMatch(/last-results\.json: is a directory, not a file$/);
    }
    expect(fs.readdirSync(dir)).toEqual(['last-results.json']);
  });

  it('an atomic write that fails (target is a directory) leaves no temp file', () => {
    const { dir } = fresh();
    const target = path.join(dir, 'out.json');
    fs.mkdirSync(target);
    const e = errorOf(() => writeJsonFile(target, { a: 1 }, '--json out.json'));
    expect(e.name).toBe('InputError');
    expect(e.message).toBe('--json out.json: is a directory, not a file');
    expect(fs.readdirSync(dir)).toEqual(['out.json']);
    // a parent that is a file
    fs.writeFileSync(path.join(dir, 'plain'), '');
    expect(errorOf(() => writeJsonFile(path.join(dir, 'plain', 'x.json'), 1, '--json plain/x.json')).message).toMatch(
      /^--json plain\/x\.json: cannot create its folder/,
    );
    expect(fs.readdirSync(dir).sort()).toEqual(['out.json', 'plain']);
    // a name too long for the file system: the temp file cannot even be made, and that is what is reported
    const long = errorOf(() => writeJsonFile(path.join(dir, `${'x'.repeat(300)}.json`), 1, '--json long.json'));
    expect(long.name).toBe('InputError');
    expect(long.message).toBe('--json long.json: cannot write (ENAMETOOLONG)');
    expect(fs.readdirSync(dir).sort()).toEqual(['out.json', 'plain']);
  });

  it('a lock left by a dead process is broken at once; an old one is broken whoever holds it; a live fresh one is waited for', () => {
    const { dir, file } = fresh();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(`${file}.lock`, `${dead}@${os.hostname()} 2026-01-01T00:00:00.000Z abc`);
    const warnings: string[] = [];
    recordLastRun([result('a')], file, { warn: (w) => warnings.push(w) });
    expect(warnings).toEqual([expect.stringContaining(`removed a stale lock (process ${dead} is gone)`)]);

    fs.writeFileSync(`${file}.lock`, `${process.ppid}@${os.hostname()} 2026-01-01T00:00:00.000Z abc`);
    const old = (Date.now() - 60_000) / 1000;
    fs.utimesSync(`${file}.lock`, old, old);
    recordLastRun([result('b')], file, { warn: (w) => warnings.push(w) });
    expect(warnings[1]).toMatch(/removed a stale lock \(\d+ s old\)/);

    fs.writeFileSync(`${file}.lock`, `${process.ppid}@${os.hostname()} 2026-01-01T00:00:00.000Z abc`);
    const e = errorOf(() => recordLastRun([result('c')], file, { waitMs: 300, staleMs: 60_000 }));
    expect(e.name).toBe('InputError');
    expect(e.message).toMatch(/last-results\.json\.lock: held by another thm process/);
    fs.rmSync(`${file}.lock`);
    expect(Object.keys(readLastRun(file)).sort()).toEqual(['a', 'b']);
    expect(fs.readdirSync(dir)).toEqual(['last-results.json']);
  });

  it('a temp file left by a writer killed mid-write is removed by the next write', () => {
    const { dir, file } = fresh();
    fs.writeFileSync(`${file}.tmp-4242-abcdef`, '{"half": ');
    recordLastRun([result('a')], file);
    expect(fs.readdirSync(dir)).toEqual(['last-results.json']);
  });

  it('withLock releases the lock when the work throws', () => {
    const { dir, file } = fresh();
    expect(() =>
      withLock(file, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('concurrent writers in separate processes lose no result', async () => {
    const { dir, file } = fresh();
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const script = path.join(dir, 'writer.mts');
    fs.writeFileSync(
      script,
      `
import fs from 'node:fs';
import { recordLastRun } from ${JSON.stringify(pathToFileURL(path.join(import.meta.dirname, 'lastRun.ts')).href)};
const [file, who] = process.argv.slice(2);
// start together: wait for the go file, so the writers overlap
while (!fs.existsSync(file + '.go')) await new Promise((r) => setTimeout(r, 5));
for (let i = 0; i < 60; i++) {
  recordLastRun([{ id: who + '_' + i, verdict: 'holds', passed: true, profile: 'quick', backend: 'f64', runs: 1, timeMs: 0, seed: 0, minSlack: null,
    negativeControl: { verdict: 'violated', runs: 1, reason: '' }, counterexamples: [] } as never], file);
}
`,
    );
    const writers = ['p', 'q', 'r', 's'];
    const done = writers.map(
      (w) =>
        new Promise<number | null>((resolve) => {
          const c = spawn(process.execPath, ['--import', tsx, script, file, w], {
            stdio: ['ignore', 'ignore', 'inherit'],
          });
          c.on('exit', resolve);
        }),
    );
    await new Promise((r) => setTimeout(r, 3000));
    fs.writeFileSync(`${file}.go`, '');
    expect(await Promise.all(done)).toEqual(writers.map(() => 0));
    const ids = Object.keys(readLastRun(file));
    expect(ids).toHaveLength(writers.length * 60);
    expect(fs.readdirSync(dir).sort()).toEqual(['last-results.json', 'last-results.json.go', 'writer.mts']);
  }, 60_000);
});
