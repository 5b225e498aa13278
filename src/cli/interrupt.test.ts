/**
 * SIGINT during `thm check` (a real process): the theorems that finished are printed and recorded in last-results
 * (and --json), the stuck one is not, and the exit code is 130 — whether only the parent gets the signal
 * (`kill -INT <pid>`) or the whole process group with its workers, as a terminal's Ctrl-C does (kill(−pgid, SIGINT)).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lastResultsIn, thmEnv, thmSpawn, toy } from '../testing/thm.js';
import type { CheckDocument } from './checkJson.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-int-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('thm check interrupted (real process)', () => {
  for (const target of ['process', 'group'] as const) {
    it(`kill -INT to the ${target}: finished results printed and recorded, exit 130`, async () => {
      const dir = fs.mkdtempSync(path.join(tmp, `${target}-`));
      const json = path.join(dir, 'out.json');
      // one worker: toy_square_le_one finishes, then toy_hang never returns (budget far above the test's patience)
      const child = thmSpawn(
        [
          'check',
          toy('toy_square_le_one'),
          toy('toy_hang'),
          '--profile',
          'quick',
          '--jobs',
          '1',
          '--budget-ms',
          '600000',
          '--fixtures',
          path.join(dir, 'fx'),
          '--json',
          json,
        ],
        thmEnv(dir),
        { detached: target === 'group' },
      );
      let out = '';
      let err = '';
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // the streaming line shows that the first theorem finished (stdout is a pipe, not a terminal)
      await new Promise<void>((resolve) =>
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (/^\[1\/2\] toy_square_le_one {2}holds {2}ok/m.test(out)) resolve();
        }),
      );
      await new Promise((r) => setTimeout(r, 300)); // toy_hang's worker is now busy in evaluate
      const pid = child.pid!;
      expect(pid).toBeGreaterThan(1);
      if (target === 'process') expect(spawnSync('kill', ['-INT', String(pid)]).status).toBe(0);
      else process.kill(-pid, 'SIGINT'); // the group whose leader is the detached child: thm and its workers only
      const code = await exited;
      expect(code, err).toBe(130);
      expect(out).toMatch(/^toy_square_le_one +folklore toy +25 +holds/m);
      expect(out).not.toMatch(/^toy_hang /m);
      expect(out).not.toMatch(/internal error/);
      expect(out).toMatch(/interrupted \(SIGINT\): 1 of 2 theorems finished; not run: toy_hang/);
      const last = JSON.parse(fs.readFileSync(lastResultsIn(dir), 'utf8')) as Record<string, { verdict: string }>;
      expect(Object.keys(last)).toEqual(['toy_square_le_one']);
      expect(last.toy_square_le_one!.verdict).toBe('holds');
      const doc = JSON.parse(fs.readFileSync(json, 'utf8')) as CheckDocument;
      expect(doc.interrupted).toBe(true);
      expect(doc.results.map((r) => r.id)).toEqual(['toy_square_le_one']);
      expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    });
  }
});
