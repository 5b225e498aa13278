/**
 * The tool's name and version as package.json states them (printed by `thm --version`, written into --json output).
 */
import fs from 'node:fs';

export const TOOL_NAME = 'theoremcheck';

export function version(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return String(pkg.version);
}
