import { describe, expect, it } from 'vitest';
import { classify, disagreeOnSameClaim, escalationIds, evaluateOn, referee, type Rung } from './referee.js';
import { refereeLadder } from './ladder.js';
import { hypothesisViolatedError, judgeEvidence } from './claims.js';
import { getBackend } from './backends.js';
import type { AnyTheorem } from './define.js';
import type { Claim } from './types.js';
import chaoticEscalates from './testdata/toy_chaotic_escalates.theorem.js';
import chaoticUndecided from './testdata/toy_chaotic_undecided.theorem.js';

const rung = (backend: string, lhs: string, err: string): Rung => {
  const claims: Claim[] = [{ label: 'k', lhs, rel: '<=', rhs: '1', err }];
  const judgement = judgeEvidence({ claims });
  return { backend, status: judgement.status, claims, judgement, ms: 0 };
};

describe('classify (the referee table)', () => {
  it('is violated when both precisions violate the claim and agree within their bars', () => {
    expect(classify(rung('dec:50', '1.5', '1e-40'), rung('dec:100', '1.5', '1e-90')).verdict).toBe('violated');
  });

  it('is a precision artifact when the higher precision holds', () => {
    expect(classify(rung('dec:50', '1.5', '1e-40'), rung('dec:100', '0.5', '1e-90')).verdict).toBe(
      'precision_artifact',
    );
    expect(classify(rung('dec:50', '0.5', '1e-40'), rung('dec:100', '0.5', '1e-90')).verdict).toBe(
      'precision_artifact',
    );
  });

  it('is undecided when both fail but disagree beyond their bars', () => {
    expect(classify(rung('dec:50', '1.5', '1e-40'), rung('dec:100', '1.7', '1e-90')).verdict).toBe('undecided');
  });

  it('is undecided when only the higher precision fails, or values are not finite', () => {
    expect(classify(rung('dec:50', '0.5', '1e-40'), rung('dec:100', '1.5', '1e-90')).verdict).toBe('undecided');
    expect(classify(rung('dec:50', 'NaN', '0'), rung('dec:100', 'NaN', '0')).verdict).toBe('undecided');
  });

  it('reports hypothesis_violated when materialization rejects the instance', () => {
    const hv: Rung = { backend: 'dec:100', status: 'hypothesis_violated', claims: [], reason: 'x > 1', ms: 0 };
    expect(classify(rung('dec:50', '1.5', '0'), hv).verdict).toBe('hypothesis_violated');
  });
});

describe('referee: escalation when the rungs disagree', () => {
  // the certifying pair is mpfr:p, mpfr:2p (dec:p, dec:2p when MPFR cannot load); the decimal cross-check is not
  // counted
  const certifying = async (r: { rungs: readonly Rung[] }) => {
    const ids = escalationIds((await refereeLadder(50)).certify);
    return { ids, seen: r.rungs.map((g) => g.backend).filter((b) => ids.includes(b)) };
  };

  it('the escalation rungs double the certifying precision twice', () => {
    expect(escalationIds(['dec:50', 'dec:100'])).toEqual(['dec:50', 'dec:100', 'dec:200', 'dec:400']);
    expect(escalationIds(['mpfr:30', 'mpfr:60'])).toEqual(['mpfr:30', 'mpfr:60', 'mpfr:120', 'mpfr:240']);
  });

  it('certifies a violation whose rounding amplification (10^40·u) only 4p and 8p resolve', async () => {
    const r = await referee(chaoticEscalates, { x: '2', amp: '1e40' }, 50);
    const { ids, seen } = await certifying(r);
    expect(seen).toEqual(ids);
    expect(r.verdict).toBe('violated');
    expect(r.reason).toMatch(new RegExp(`^certified at ${ids[2]} and ${ids[3]}: x<=1`));
  });

  it('stops escalating as soon as two rungs agree (no extra cost on an ordinary counterexample)', async () => {
    const r = await referee(chaoticEscalates, { x: '2', amp: '0' }, 50);
    const { ids, seen } = await certifying(r);
    expect(seen).toEqual(ids.slice(0, 2));
    expect(r.verdict).toBe('violated');
  });

  it('gives up with undecided after 8p when no two rungs agree', async () => {
    const r = await referee(chaoticUndecided, { x: '2', amp: '1' }, 50);
    const { ids, seen } = await certifying(r);
    expect(seen).toEqual(ids);
    expect([r.verdict, r.reason]).toEqual([
      'undecided',
      `${ids[2]} and ${ids[3]} both fail but disagree beyond their error bars`,
    ]);
  });

  it('only escalates when the same claim is violated on both rungs', () => {
    const other: Rung = (() => {
      const claims: Claim[] = [{ label: 'other', lhs: '1.7', rel: '<=', rhs: '1', err: '1e-90' }];
      return { backend: 'dec:100', status: 'violated', claims, judgement: judgeEvidence({ claims }), ms: 0 };
    })();
    expect(disagreeOnSameClaim(rung('dec:50', '1.5', '1e-40'), rung('dec:100', '1.7', '1e-90'))).toBe(true);
    expect(disagreeOnSameClaim(rung('dec:50', '1.5', '1e-40'), other)).toBe(false);
    expect(disagreeOnSameClaim(rung('dec:50', '1.5', '1e-40'), rung('dec:100', '1.5', '1e-90'))).toBe(false);
  });
});

describe('evaluateOn: theorem-file errors', () => {
  it('a throw is a theorem_error with the message; a thrown HypothesisViolated stays hypothesis_violated', () => {
    const B = getBackend('f64');
    const boom = {
      ...chaoticEscalates,
      evaluate: () => {
        throw new RangeError('boom');
      },
    } as unknown as AnyTheorem;
    expect(evaluateOn(boom, B, {})).toMatchObject({
      status: 'theorem_error',
      reason: 'evaluate threw RangeError: boom',
    });
    const hv = {
      ...chaoticEscalates,
      evaluate: () => {
        throw hypothesisViolatedError('x > 1');
      },
    } as unknown as AnyTheorem;
    expect(evaluateOn(hv, B, {})).toMatchObject({ status: 'hypothesis_violated', reason: 'x > 1' });
  });

  it('classify: a theorem_error on either rung is the verdict', () => {
    const te: Rung = { backend: 'dec:100', status: 'theorem_error', claims: [], reason: 'evaluate threw', ms: 0 };
    expect(classify(rung('dec:50', '1.5', '1e-40'), te).verdict).toBe('theorem_error');
  });
});

describe('evaluateOn: returned values that blow up when read', () => {
  it('a getter that throws is a theorem_error, not an exception out of the framework', () => {
    const ev = {
      get claims(): never {
        throw new Error('lazy bug');
      },
    };
    const thm = { ...chaoticEscalates, evaluate: () => ev } as unknown as AnyTheorem;
    expect(evaluateOn(thm, getBackend('f64'), {})).toMatchObject({
      status: 'theorem_error',
      reason: 'reading what evaluate returned threw Error: lazy bug',
    });
  });
});
