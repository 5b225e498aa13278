/** heavyBall beyond its update equation (steppers.test.ts): what it reports (Stepper.name and exact params). */
import { describe, expect, it } from 'vitest';
import { decBackend } from '../numeric/decimal.js';
import { heavyBall } from './heavyBall.js';

describe('heavyBall reports', () => {
  it('its name and η, β as exact strings', () => {
    const B = decBackend(30);
    const s = heavyBall(B, { lr: B.num('0.1'), beta: B.num('0.9') });
    expect(s.name).toBe('heavyBall');
    expect(s.params).toEqual({ lr: '0.1', beta: '0.9' });
  });
});
