// Module hooks (node:module register) for the theorem files `thm` loads. Plain JavaScript: hooks run on Node's
// loader thread, which cannot be assumed to transpile TypeScript.
// - `theoremcheck` (and `theoremcheck/<subpath>`) resolves to this copy of the package's own entry points, and
//   `fast-check` to its own dependency, so a theorem file anywhere on disk needs no install step and shares one
//   instance of the framework with the CLI.
// - A *.theorem.ts file, and every local .ts file it imports, is loaded as an ES module whatever the nearest
//   package.json says ("type": "commonjs" or none would make tsx compile it to CommonJS, and require() of the ES
//   entry point then fails as a cycle).

/** @type {Record<string, string>} */
let targets = {};

/** @param {{ targets: Record<string, string> }} data */
export function initialize(data) {
  targets = data.targets;
}

const esmGraph = new Set();
// tsx marks a file it means to load as CommonJS by appending queries (`%3Ftsx-commonjs-…` and `?tsx-…`); a file of a
// theorem's import graph is loaded as an ES module instead, so those markers are dropped with the rest of the query.
const strip = (/** @type {string} */ url) => url.replace(/(?:%3F|[?#]).*$/i, '');
const isLocalTs = (/** @type {string} */ url) =>
  url.startsWith('file:') && /\.(ts|mts|tsx)$/.test(strip(url)) && !strip(url).includes('/node_modules/');

/**
 * @param {string} specifier
 * @param {{ parentURL?: string }} context
 * @param {(s: string, c: object) => Promise<{ url: string, format?: string | null }>} next
 */
export async function resolve(specifier, context, next) {
  const mapped = targets[specifier];
  if (mapped !== undefined) return { url: mapped, format: 'module', shortCircuit: true };
  const r = await next(specifier, context);
  const parent = context.parentURL === undefined ? undefined : strip(context.parentURL);
  const theorem = strip(r.url).endsWith('.theorem.ts');
  if (isLocalTs(r.url) && (theorem || (parent !== undefined && esmGraph.has(parent)))) {
    const url = strip(r.url);
    esmGraph.add(url);
    return { ...r, url, format: 'module' };
  }
  return r;
}
