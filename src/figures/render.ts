/**
 * A vega-lite spec rendered to SVG text in Node (vega-lite → vega → headless view), as the README figures are drawn.
 * Vega writes every text (titles, axis and legend labels) XML-escaped, so labels taken from results are safe in it.
 */
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

export async function renderSvg(spec: vegaLite.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
