import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  defaultFixturesDir,
  existingFolder,
  findProjectRoot,
  lastResultsFile,
  resultsRoot,
  shownPath,
} from './resultsRoot.js';

const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'thm-root-')));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const mk = (...p: string[]) => {
  const d = path.join(tmp, ...p);
  fs.mkdirSync(d, { recursive: true });
  return d;
};
const pkg = (d: string) => fs.writeFileSync(path.join(d, 'package.json'), '{}');

describe('results root', () => {
  const project = mk('proj');
  pkg(project);
  const sub = mk('proj', 'a', 'b');
  const installed = mk('proj', 'node_modules', 'theoremcheck');
  pkg(installed);
  const nested = mk('proj', 'node_modules', 'theoremcheck', 'node_modules', 'x', 'src');
  const bare = mk('bare', 'node_modules', 'theoremcheck');
  pkg(bare);

  it('is the nearest folder with a package.json at or above the working directory, as npm finds it', () => {
    expect(findProjectRoot(project)).toBe(project);
    expect(findProjectRoot(sub)).toBe(project);
  });

  it('is never a folder inside node_modules (an installed theoremcheck is not the project)', () => {
    expect(findProjectRoot(installed)).toBe(project);
    expect(findProjectRoot(nested)).toBe(project);
    // no package.json outside node_modules: the nearest folder outside it
    expect(findProjectRoot(bare)).toBe(path.join(tmp, 'bare'));
  });

  it('THM_RESULTS_ROOT overrides it (relative to the working directory); empty means unset', () => {
    expect(resultsRoot(sub, { THM_RESULTS_ROOT: 'out' })).toBe(path.join(sub, 'out'));
    expect(resultsRoot(sub, { THM_RESULTS_ROOT: '' })).toBe(project);
  });

  it('holds last-results.json and the default fixtures folder', () => {
    expect(lastResultsFile(project)).toBe(path.join(project, '.tmp', 'thm', 'last-results.json'));
    expect(defaultFixturesDir(project)).toBe(path.join(project, 'fixtures', 'counterexamples'));
  });

  it('a folder the user names must exist and be a folder', () => {
    expect(existingFolder(project, '--fixtures p')).toBe(project);
    expect(() => existingFolder(path.join(project, 'nope'), '--fixtures nope')).toThrow(
      '--fixtures nope: no such folder',
    );
    expect(() => existingFolder(path.join(project, 'package.json'), '--fixtures package.json')).toThrow(
      '--fixtures package.json: is a file, not a folder',
    );
  });

  it('paths in printed commands are relative when inside the working directory', () => {
    expect(shownPath(path.join(project, 'fixtures'), project)).toBe('fixtures');
    expect(shownPath(project, sub)).toBe(project);
    expect(shownPath(project, project)).toBe('.');
  });
});
