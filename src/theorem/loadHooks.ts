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

/** Idempotent. */
export function registerLoadHooks(): void {
  if (registered) return;
  registered = true;
  module.register(new URL('./loadHooks.mjs', import.meta.url).href, { data: { targets: hookTargets() } });
}
