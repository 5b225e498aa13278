/**
 * `thm --version` and `thm <command> --help` as real processes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT } from '../theorem/discover.js';
import { commandNames, main } from './main.js';

function thm(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
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
