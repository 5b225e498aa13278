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

describe('referee table: boundaries and reasons (mutation testing)', () => {
  const claimRung = (backend: string, claims: Claim[]): Rung => {
    const judgement = judgeEvidence({ claims });
    return { backend, status: judgement.status, claims, judgement, ms: 0 };
  };

  it('two violations agree when |d₁ − d₂| ≤ e₁ + e₂, boundary included, and not beyond it', () => {
    // d = lhs − 1: 0.5 and 0.7, bars 0.1 each: |0.5 − 0.7| = 0.2 = 0.1 + 0.1
    expect(classify(rung('dec:50', '1.5', '0.1'), rung('dec:100', '1.7', '0.1'))).toEqual({
      verdict: 'violated',
      reason: 'certified at dec:50 and dec:100: k',
    });
    expect(classify(rung('dec:50', '1.5', '0.1'), rung('dec:100', '1.7000000001', '0.1')).verdict).toBe('undecided');
    // the bar of either rung counts: 0.2 = 0 + 0.2
    expect(classify(rung('dec:50', '1.5', '0'), rung('dec:100', '1.7', '0.2')).verdict).toBe('violated');
    expect(classify(rung('dec:50', '1.5', '0.2'), rung('dec:100', '1.7', '0')).verdict).toBe('violated');
  });

  it('certifies only claims violated on both rungs, and lists every agreeing one', () => {
    const a = claimRung('dec:50', [
      { label: 'x', lhs: '2', rel: '<=', rhs: '1', err: '0' },
      { label: 'y', lhs: '3', rel: '<=', rhs: '1', err: '0' },
      { label: 'z', lhs: '0', rel: '<=', rhs: '1', err: '0' },
    ]);
    const b = claimRung('dec:100', [
      { label: 'x', lhs: '2', rel: '<=', rhs: '1', err: '0' },
      { label: 'y', lhs: '3', rel: '<=', rhs: '1', err: '0' },
      { label: 'z', lhs: '2', rel: '<=', rhs: '1', err: '0' },
    ]);
    expect(classify(a, b).reason).toBe('certified at dec:50 and dec:100: x, y');
    // the same differences on claims that hold are no evidence of a violation
    const held = claimRung('dec:100', [{ label: 'z', lhs: '0', rel: '<=', rhs: '1', err: '0' }]);
    expect(classify(claimRung('dec:50', [{ label: 'z', lhs: '2', rel: '<=', rhs: '1', err: '0' }]), held).verdict).toBe(
      'precision_artifact',
    );
  });

  it('a rung that is ok neither certifies nor escalates: disagreement needs two violated rungs', () => {
    expect(disagreeOnSameClaim(rung('dec:50', '0.5', '0'), rung('dec:100', '1.7', '0'))).toBe(false);
    expect(disagreeOnSameClaim(rung('dec:50', '1.5', '0'), rung('dec:100', '0.5', '0'))).toBe(false);
  });

  it('says which rung failed how when it cannot decide, and which precision held for an artifact', () => {
    const inv: Rung = { ...rung('dec:50', 'NaN', '0'), reason: 'r50' };
    expect(classify(inv, { ...rung('dec:100', '1.5', '0'), reason: 'r100' }).reason).toBe(
      'dec:50: invalid (r50); dec:100: violated (r100)',
    );
    const bare: Rung = { backend: 'dec:50', status: 'inconclusive', claims: [], ms: 0 };
    expect(classify(bare, rung('dec:100', 'NaN', '0')).reason).toBe('dec:50: inconclusive; dec:100: invalid');
    expect(classify(rung('dec:50', '1.5', '0'), rung('dec:100', '0.5', '0')).reason).toMatch(/^holds at dec:100: /);
  });

  it('a theorem_error or hypothesis_violated rung names the rung it happened on', () => {
    const te = (b: string): Rung => ({ backend: b, status: 'theorem_error', claims: [], reason: `bug at ${b}`, ms: 0 });
    const hv = (b: string): Rung => ({
      backend: b,
      status: 'hypothesis_violated',
      claims: [],
      reason: `x > 1 at ${b}`,
      ms: 0,
    });
    expect(classify(te('dec:50'), rung('dec:100', '1.5', '0'))).toEqual({
      verdict: 'theorem_error',
      reason: 'at dec:50: bug at dec:50',
    });
    expect(classify(te('dec:50'), te('dec:100')).reason).toBe('at dec:100: bug at dec:100');
    expect(classify(hv('dec:50'), rung('dec:100', '1.5', '0'))).toEqual({
      verdict: 'hypothesis_violated',
      reason: 'x > 1 at dec:50',
    });
    expect(classify(hv('dec:50'), hv('dec:100')).reason).toBe('x > 1 at dec:100');
    // a theorem_error outranks a hypothesis_violated on the other rung
    expect(classify(hv('dec:50'), te('dec:100')).verdict).toBe('theorem_error');
  });

  it('escalation ids: a certifying id without a digit count is used as is', () => {
    expect(escalationIds(['f64', 'dd'])).toEqual(['f64', 'dd']);
    expect(escalationIds(['dec:7', 'dec:14'])).toEqual(['dec:7', 'dec:14', 'dec:28', 'dec:56']);
  });
});

describe('evaluateOn: what a rung records (mutation testing)', () => {
  const B = getBackend('f64');
  const returning = (ev: unknown) => ({ ...chaoticEscalates, evaluate: () => ev }) as unknown as AnyTheorem;

  it('observed quantities become strings; a judged rung carries its claims, judgement and failing reason', () => {
    const claims: Claim[] = [{ label: 'k', lhs: '2', rel: '<=', rhs: '1', err: '0' }];
    const r = evaluateOn(returning({ claims, observed: { steps: 10, eta: '0.5' } }), B, {});
    expect(r).toMatchObject({
      backend: 'f64',
      status: 'violated',
      claims,
      observed: { steps: '10', eta: '0.5' },
      reason: 'k: violated (lhs − rhs = 1)',
    });
    expect(r.judgement?.judgements[0]?.status).toBe('violated');
    const ok = evaluateOn(returning({ claims: [{ label: 'k', lhs: '0', rel: '<=', rhs: '1', err: '0' }] }), B, {});
    expect(ok.status).toBe('ok');
    expect('reason' in ok || 'observed' in ok).toBe(false);
    expect(ok.ms).toBeGreaterThanOrEqual(0);
  });

  it('a thrown non-Error is a theorem_error with its text; not-Evidence is a theorem_error saying why', () => {
    const t = {
      ...chaoticEscalates,
      evaluate: () => {
        // a theorem file may throw a non-Error: that is the case under test
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw 'plain string';
      },
    } as unknown as AnyTheorem;
    expect(evaluateOn(t, B, {})).toMatchObject({
      status: 'theorem_error',
      reason: 'evaluate threw Error: plain string',
    });
    expect(evaluateOn(returning(42), B, {})).toMatchObject({ status: 'theorem_error', claims: [] });
    expect(evaluateOn(returning(42), B, {}).reason).toMatch(/not Evidence \{ claims: Claim\[\] \}/);
  });

  it('a returned rejected Promise is a theorem_error and its rejection is handled (no unhandled rejection)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const r = evaluateOn(returning(Promise.reject(new Error('async bug'))), B, {});
      expect(r.status).toBe('theorem_error');
      await new Promise((res) => setTimeout(res, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
