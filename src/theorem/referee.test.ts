import { describe, expect, it } from 'vitest';
import { classify, type Rung } from './referee.js';
import { judgeEvidence } from './claims.js';
import type { Claim } from './types.js';

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
    expect(classify(rung('dec:50', '1.5', '1e-40'), rung('dec:100', '0.5', '1e-90')).verdict).toBe('precision_artifact');
    expect(classify(rung('dec:50', '0.5', '1e-40'), rung('dec:100', '0.5', '1e-90')).verdict).toBe('precision_artifact');
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
