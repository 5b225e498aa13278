import { describe, expect, it } from 'vitest';
import { median, parseSearch, searchTables, type SearchLine } from './table.js';

const line = (o: Partial<SearchLine>): SearchLine => ({
  claim: 'planted_x',
  kind: 'wrong constant',
  mass: 0.0035,
  seeds: 3,
  cap: 100,
  warmup: 20,
  random: [90, null, 40],
  targeted: [30, 25, 50],
  ciRandom: 1,
  ciTargeted: 3,
  command: 'npm run -s bench -- search 3 100',
  ms: 1500,
  load1: 1.2,
  ...o,
});

describe('search benchmark tables (README, from docs/data/search.jsonl)', () => {
  it('medians count "not found" as +∞; one table per command with its seeds, time and load', () => {
    expect(median([90, null, 40])).toBe(90);
    expect(median([null, null, 4, 6])).toBe(Infinity);
    const text = [
      JSON.stringify(line({})),
      JSON.stringify(line({ claim: 'planted_y', random: [null, null, 7], targeted: [20, 30, 40], load1: 2.5 })),
      JSON.stringify(line({ command: 'npm run -s bench -- search 5 100', seeds: 5, targeted: [null, null, null] })),
      '| a table line the bench prints after its JSON lines |',
    ].join('\n');
    const out = searchTables(parseSearch(text));
    const blocks = out.split('\n\n');
    expect(blocks[0]).toBe('`npm run -s bench -- search 3 100` (3 seeds, warm-up 20, 3 s, load1 1.20–2.50):');
    expect(out).toContain('| `planted_x` | wrong constant | 0.35 % | 90 | 30 | 3.0× | 1 / 0 | 1 / 3 |');
    expect(out).toContain('| `planted_y` | wrong constant | 0.35 % | > 100 | 30 | > 3.3× | 2 / 0 | 1 / 3 |');
    expect(out).toContain('`npm run -s bench -- search 5 100` (5 seeds, warm-up 20, 2 s, load1 1.20–1.20):');
    expect(out).toContain('| `planted_x` | wrong constant | 0.35 % | 90 | > 100 | -× | 1 / 3 | 1 / 3 |');
  });
});
