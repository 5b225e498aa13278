/**
 * `thm list [--area A] [--status S]`: the catalogue — id, area, status, kind, citation.
 */
import { inputError } from '../../errors.js';
import { loadCatalogue } from '../../theorem/discover.js';
import type { TheoremStatus } from '../../theorem/types.js';
import { citation } from '../../theorem/result.js';
import { shorten, table } from '../format.js';
import { noPositionals, parse, stringOption } from '../args.js';

export const summary = 'list the catalogue (id, area, status, kind, citation)';
export const usage = 'thm list [--area AREA] [--status theorem|conjecture|phenomenon]';

const STATUSES: readonly TheoremStatus[] = ['theorem', 'conjecture', 'phenomenon'];

export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parse('list', argv, { area: { type: 'string' }, status: { type: 'string' } });
  noPositionals('list', positionals, usage);
  const area = stringOption(values.area);
  const status = stringOption(values.status);
  // an unknown filter value is a typo, not an empty selection (a CI step filtering on it would pass vacuously)
  if (status !== undefined && !STATUSES.includes(status as TheoremStatus)) {
    throw inputError(`list: --status: ${JSON.stringify(status)} must be one of ${STATUSES.join(' | ')}`);
  }
  const catalogue = await loadCatalogue();
  const areas = [...new Set(catalogue.map((t) => t.area))].filter((a) => a !== '').sort();
  if (area !== undefined && !areas.includes(area)) {
    throw inputError(
      `list: --area: ${JSON.stringify(area)} is not an area of the catalogue (areas: ${areas.join(', ') || 'none'})`,
    );
  }
  const all = catalogue.filter(
    (t) => (area === undefined || t.area === area) && (status === undefined || t.theorem.status === status),
  );
  if (all.length === 0) {
    console.log(
      catalogue.length === 0
        ? 'no theorems found (add properties/<area>/<id>.theorem.ts)'
        : 'no theorem matches these filters',
    );
    return 0;
  }
  console.log(
    table(
      ['id', 'area', 'status', 'kind', 'citation'],
      all.map((t) => [t.theorem.id, t.area, t.theorem.status, t.theorem.kind, shorten(citation(t.theorem))]),
    ),
  );
  return 0;
}
