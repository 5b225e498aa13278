/**
 * `thm --version` and `thm <command> --help` as real processes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT } from '../theorem/discover.js';
import { sandbox } from '../testing/thm.js';
import { commandNames, main } from './main.js';

// a temporary results root per process; the sandbox fails the test if thm writes into the checkout
const box = sandbox('thm-main');
afterAll(() => box.cleanup());

function thm(...args: string[]): { code: number | null; out: string; err: string } {
  return box.thmWith({ timeoutMs: 60_000 }, ...args);
}

describe('thm --version / --help (real process)', () => {
  it('--version prints the version field of package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = thm('--version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(pkg.version);
  });

  it("<command> --help prints that command's usage and exits 0 without running it", async () => {
    const r = thm('check', '--help');
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^usage: thm check \[/);
    expect(r.out).toMatch(/^ {2}--junit FILE/m);
    expect(r.err).toBe('');
    // every command, in process (same code path as the process above)
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      for (const name of commandNames()) {
        log.mockClear();
        expect(await main([name, '--help']), name).toBe(0);
        expect(String(log.mock.calls[0]?.[0]).split('\n')[0]).toMatch(new RegExp(`^usage: thm ${name}\\b`));
        log.mockClear();
        expect(await main(['help', name])).toBe(0); // `thm help <command>` is the same page
      }
    } finally {
      log.mockRestore();
    }
  });
});
