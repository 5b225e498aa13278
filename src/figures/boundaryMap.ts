/**
 * The heat map of a boundary map (src/cli/boundary.ts): one rectangle per grid cell coloured by the smallest claim
 * slack (diverging at 0: blue holds with room, red fails), with the cell's verdict as a symbol on top. Rendered with
 * vega-lite → vega → SVG in Node (no browser), as the other figures.
 */
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { BoundaryMap, CellVerdict } from '../cli/boundary.js';

/** The symbol drawn on a cell for its verdict (the legend lists them). */
export const VERDICT_MARK: Readonly<Record<CellVerdict, string>> = {
  holds: '',
  no_claims: '·',
  violated: '✗',
  inconclusive: '?',
  invalid: '!',
  hypothesis_violated: 'H',
  theorem_error: 'E',
};

const label = (v: string | number) => (typeof v === 'number' ? v : Number(v));

/** The vega-lite spec of the map; slack is clipped to ±`clip` for the colour (the JSON keeps the exact values). */
export function boundarySpec(m: BoundaryMap, clip = 1): vegaLite.TopLevelSpec {
  const rows = m.cells.map((c) => ({
    x: label(c.x),
    y: label(c.y),
    slack: c.minSlack === null ? null : Math.max(-clip, Math.min(clip, c.minSlack)),
    verdict: c.verdict,
    mark: VERDICT_MARK[c.verdict],
    above: c.above === true,
  }));
  const used = [...new Set(m.cells.map((c) => c.verdict))].filter((v) => VERDICT_MARK[v] !== '');
  const legend = used.map((v) => `${VERDICT_MARK[v]} ${v}`).join(', ');
  const axis = (path: string, values: readonly (string | number)[]) =>
    ({
      field: path === m.x.path ? 'x' : 'y',
      type: 'ordinal',
      sort: path === m.x.path ? 'ascending' : 'descending',
      title: path,
      axis: { labelExpr: 'format(datum.value, ".4~g")', values: values.map(label) },
    }) as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `${m.theorem}: smallest claim slack over ${m.x.path} × ${m.y.path}`,
      subtitle: [
        `other parameters: ${m.others === 'first' ? `the first generated instance (seed ${m.seed})` : `a generated instance per cell (seed ${m.seed})`}; evaluated at ${m.backend}, not refereed`,
        ...(legend === '' ? [] : [`cells: ${legend}; grey: no judged claim`]),
        ...(m.contour === undefined
          ? []
          : [`outlined: cells where the observed ${m.contour.name} ≥ ${m.contour.value}`]),
      ],
    },
    width: 420,
    height: 420,
    data: { values: rows },
    encoding: { x: axis(m.x.path, m.x.values), y: axis(m.y.path, m.y.values) },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: {
            field: 'slack',
            type: 'quantitative',
            title: 'min slack',
            scale: { scheme: 'redblue', domain: [-clip, clip], domainMid: 0 },
            condition: { test: 'datum.slack === null', value: '#bbbbbb' },
          },
        },
      },
      {
        transform: [{ filter: 'datum.above' }],
        mark: { type: 'rect', fill: null, stroke: 'black', strokeWidth: 1.5 },
      },
      {
        mark: { type: 'text', fontSize: 11, fontWeight: 'bold' },
        encoding: { text: { field: 'mark', type: 'nominal' } },
      },
    ],
  };
}

/** SVG text of the map. */
export async function boundarySvg(m: BoundaryMap, clip?: number): Promise<string> {
  const compiled = vegaLite.compile(boundarySpec(m, clip)).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
