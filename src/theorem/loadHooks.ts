/**
 * Registers src/theorem/loadHooks.mjs once per process: bare `theoremcheck` resolves to this package's entry point and
 * theorem files load as ES modules from any folder. Called by the CLI's entry (main) and by its pool workers, before
 * any theorem file is imported; not by library code, so a vitest run (where vite resolves modules) is left alone.
 */
import module from 'node:module';

let registered = false;

/** The specifiers a theorem file may import without installing anything, mapped to this copy's files. */
export function hookTargets(): Record<string, string> {
  return {
    theoremcheck: new URL('../index.ts', import.meta.url).href,
    'theoremcheck/vitest': new URL('../vitest.ts', import.meta.url).href,
    'fast-check': import.meta.resolve('fast-check'),
  };
}

/**
 * Errors of theorem files that failed to load and were reported (as one input-error line). When a CommonJS module in
 * the file's import graph throws, Node 20 rejects the import() (caught and reported) and ALSO raises the same error as
 * an unhandled rejection, which would crash the CLI with a stack trace after the one-line message.
 */
const reported = new WeakSet<object>();

export function noteReportedLoadFailure(e: unknown): void {
  if (typeof e === 'object' && e !== null) reported.add(e);
}

/** Idempotent. */
export function registerLoadHooks(): void {
  if (registered) return;
  registered = true;
  process.on('unhandledRejection', (e) => {
    if (typeof e === 'object' && e !== null && reported.has(e)) return;
    throw e;
  });
  module.register(new URL('./loadHooks.mjs', import.meta.url).href, { data: { targets: hookTargets() } });
}
