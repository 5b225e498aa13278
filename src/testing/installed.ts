/**
 * Test utility: theoremcheck installed in a temporary project the way npm places it, without the network. An offline
 * `npm install <tarball>` needs every dependency's registry metadata in the npm cache, which a fresh machine does not
 * have; so the package goes to node_modules/theoremcheck (unpacked or copied) and its production dependency closure
 * (`npm ls --omit=dev --all --parseable`: a dependency declared only under devDependencies is missing, as after a real
 * install) is linked, hoisted, from this checkout's node_modules.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_DIR } from '../theorem/discover.js';

let closure: string[] | undefined;

/** Paths (relative to node_modules/) of the production dependencies, hoisted ones only. */
export function productionDeps(): string[] {
  // npm ls exits 1 on extraneous or invalid packages but still lists the tree: use its output either way
  closure ??= spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: PACKAGE_DIR, encoding: 'utf8' })
    .stdout.split('\n')
    .map((l) => path.relative(path.join(PACKAGE_DIR, 'node_modules'), l.trim()))
    .filter((rel) => rel !== '' && !rel.startsWith('..') && !rel.includes(`${path.sep}node_modules${path.sep}`));
  return closure;
}

/** Link `names` (paths relative to node_modules/, e.g. 'vitest', '@esbuild/linux-x64') from this checkout into `nm`. */
export function linkDeps(nm: string, names: readonly string[]): void {
  for (const rel of names) {
    fs.mkdirSync(path.dirname(path.join(nm, rel)), { recursive: true });
    fs.symlinkSync(path.join(PACKAGE_DIR, 'node_modules', rel), path.join(nm, rel));
  }
}

/** Copy what the package ships of bin/, src/ and package.json into `nm`/theoremcheck (a real folder, not a link). */
export function copyPackage(nm: string): void {
  const dest = path.join(nm, 'theoremcheck');
  fs.mkdirSync(dest, { recursive: true });
  fs.copyFileSync(path.join(PACKAGE_DIR, 'package.json'), path.join(dest, 'package.json'));
  const shipped = (src: string) => !/\.test\.ts$|\.testkit\.ts$|[/\\]testdata([/\\]|$)/.test(src);
  for (const dir of ['bin', 'src'])
    fs.cpSync(path.join(PACKAGE_DIR, dir), path.join(dest, dir), { recursive: true, filter: shipped });
}
