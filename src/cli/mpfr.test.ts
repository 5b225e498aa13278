/**
 * `--backend mpfr:<p>` through a real `thm` process: the CLI loads MPFR before resolving the id, and bad precisions
 * are one-line input errors (exit 2).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandbox } from '../testing/thm.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-mpfr-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const toy = path.join('src', 'theorem', 'testdata', 'toy_square_le_one.theorem.ts');

// a temporary results root per process; the sandbox fails the test if thm writes into the checkout
const box = sandbox('thm-mpfr-root');
afterAll(() => box.cleanup());

function thm(...args: string[]): { code: number | null; out: string; err: string } {
  return box.thmWith({ timeoutMs: 120_000 }, ...args);
}

describe('thm check --backend mpfr:<p> (real process)', () => {
  it('runs a theorem at mpfr:30', () => {
    const r = thm('check', toy, '--profile', 'quick', '--backend', 'mpfr:30', '--fixtures', path.join(tmp, 'fx'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/toy_square_le_one .* holds/);
  }, 120_000);

  it('rejects mpfr:0, mpfr:-5 and mpfr:2.5 with one line and exit 2', () => {
    for (const b of ['mpfr:0', 'mpfr:-5', 'mpfr:2.5']) {
      const r = thm('check', toy, '--backend', b);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toEqual([
        `thm check: --backend: '${b}' is not a valid precision; use mpfr:<digits> with 10 ≤ digits ≤ 1000 (an integer, no leading zeros)`,
      ]);
    }
  }, 120_000);
});
