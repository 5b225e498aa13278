/**
 * `thm`: the command-line entry. Subcommands are the files of src/cli/commands/ (one file each, exporting
 * `summary`, `usage` and `run(argv) → exit code`), so adding one (e.g. `simulate`) touches one file.
 * Exit codes: 0 all pass, 1 a theorem failed (certified violation, or a failed check phase), 2 usage/input error
 * (one line naming the argument or field, no stack trace), 3 internal error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isInputError } from '../errors.js';
import { initMpfr } from '../numeric/mpfrInit.js';
import { registerLoadHooks } from '../theorem/loadHooks.js';
import { version } from './version.js';

interface Command {
  readonly summary: string;
  readonly usage: string;
  /** Option descriptions printed by `thm <command> --help` (optional). */
  readonly help?: string;
  run(argv: readonly string[]): Promise<number>;
}

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');

export function commandNames(): string[] {
  return fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
}

async function load(name: string): Promise<Command> {
  return (await import(pathToFileURL(path.join(DIR, `${name}.ts`)).href)) as Command;
}

async function help(): Promise<string> {
  const lines = ['usage: thm <command> [options]', ''];
  for (const n of commandNames()) {
    const c = await load(n);
    lines.push(`  ${c.usage}`, `      ${c.summary}`);
  }
  lines.push('', "`thm <command> --help` prints one command's usage and options; `thm --version` the version.");
  lines.push(
    '',
    'Profiles: THM_PROFILE or --profile = quick (f64) | ci (dd, seeds from theorem ids) | nightly (dd, fresh seeds).',
  );
  lines.push('Exit: 0 all pass, 1 a theorem failed, 2 usage or input error.');
  return lines.join('\n');
}

/** `thm <command> --help`: its usage line, summary and option notes. */
function commandHelp(c: Command): string {
  return [`usage: ${c.usage}`, '', c.summary, ...(c.help !== undefined ? ['', c.help] : [])].join('\n');
}

/**
 * `thm check | head`: once the reader has gone, further output is dropped instead of crashing on EPIPE, so the run
 * still finishes, records its results and returns its exit code.
 */
function dropOutputWhenReaderCloses(): void {
  for (const s of [process.stdout, process.stderr]) {
    if (s.listeners('error').includes(ignoreClosedReader)) continue;
    s.on('error', ignoreClosedReader);
  }
}

function ignoreClosedReader(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
}

export async function main(argv: readonly string[]): Promise<number> {
  registerLoadHooks(); // theorem files import 'theoremcheck' from any folder
  dropOutputWhenReaderCloses();
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    console.log(version());
    return 0;
  }
  if (name === 'help' && rest[0] !== undefined && commandNames().includes(rest[0])) {
    console.log(commandHelp(await load(rest[0])));
    return 0;
  }
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(await help());
    return name === undefined ? 2 : 0;
  }
  if (!commandNames().includes(name)) {
    console.error(`thm: unknown command ${JSON.stringify(name)} (commands: ${commandNames().join(', ')})`);
    return 2;
  }
  try {
    const c = await load(name);
    // --help anywhere before a `--` separator asks for this command's usage (nothing runs)
    const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (options.includes('--help') || options.includes('-h')) {
      console.log(commandHelp(c));
      return 0;
    }
    if (rest.some((a) => a.includes('mpfr:'))) await initMpfr(); // the mpfr:<p> backends need their WebAssembly module
    return await c.run(rest);
  } catch (e) {
    if (isInputError(e)) {
      const line = (e as Error).message.split('\n')[0]!;
      console.error(`thm ${name}: ${line.startsWith(`${name}: `) ? line.slice(name.length + 2) : line}`);
      return 2;
    }
    console.error(`thm ${name}: internal error`);
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return 3;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
