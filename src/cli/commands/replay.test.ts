import { describe, expect, it } from 'vitest';
import type { Rung } from '../../theorem/referee.js';
import { MAX_REPLAY_DIGITS, replayVerdict } from './replay.js';
import { DEC_ID_MAX_DIGITS } from '../../numeric/registry.js';
import { getBackend } from '../../theorem/backends.js';

const rung = (backend: string, status: Rung['status']): Rung => ({ backend, status, claims: [], ms: 0 });
const REF = ['dec:50', 'dec:100'] as const;

describe('replayVerdict', () => {
  it('a fixture that holds at every rung now holds (not a precision artifact)', () => {
    const v = replayVerdict(
      ['f64', 'dd', ...REF].map((b) => rung(b, 'ok')),
      [],
      REF,
    );
    expect(v).toEqual({ verdict: 'holds', reason: 'now holds at every rung (f64, dd, dec:50, dec:100)' });
  });

  it('failing at low precision only is still a precision artifact', () => {
    expect(
      replayVerdict([rung('f64', 'violated'), rung('dd', 'ok'), rung('dec:50', 'ok'), rung('dec:100', 'ok')], [], REF)
        .verdict,
    ).toBe('precision_artifact');
  });

  it('never certifies when a referee rung did not run', () => {
    const v = replayVerdict(
      [rung('f64', 'violated'), rung('dd', 'violated'), rung('dec:50', 'violated')],
      ['dec:100'],
      REF,
    );
    expect(v).toEqual({ verdict: 'undecided', reason: 'dec:100 did not run: nothing is certified' });
  });

  it('the largest --digits has both referee rungs in the registry', () => {
    // the decimal pair dec:P, dec:2P: the cross-check and the ladder's fallback without MPFR (theorem/ladder.ts)
    const decPair = (p: number) => [`dec:${p}`, `dec:${2 * p}`] as const;
    for (const id of decPair(MAX_REPLAY_DIGITS)) expect(() => getBackend(id)).not.toThrow();
    expect(() => getBackend(decPair(MAX_REPLAY_DIGITS + 1)[1])).toThrow(new RegExp(`digits ≤ ${DEC_ID_MAX_DIGITS}`));
  });
});
