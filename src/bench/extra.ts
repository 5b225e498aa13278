/**
 * Workloads added by later issues (engine path, logistic GD, exact expectation over index paths): one registry,
 * joined into `npm run bench`.
 */
import type { AnyBackend } from '../numeric/types.js';
import { w1EngineCell } from './engine.js';
import { expectationEx1Cell } from './expectation.js';
import { jetWorkloads } from './jets.js';
import { logisticWorkloads } from './logistic.js';
import { mirrorWorkloads } from './mirror.js';
import { enumerationCell, momentsCell } from './momentum.js';
import { plantedRefereeCell } from './refereeCell.js';

export interface ExtraCell {
  run: () => Record<string, string>;
  units: number;
  unitName: string;
}

export const extraWorkloads: Record<string, (B: AnyBackend) => ExtraCell> = {
  'W1-engine': w1EngineCell,
  ...logisticWorkloads,
  'referee-planted-1e5': plantedRefereeCell,
  'expectation-ex1-K20': expectationEx1Cell,
  'moments-sgdm-d64-1e4': momentsCell,
  'enumerate-ls-n4-K10': enumerationCell,
  ...jetWorkloads,
  ...mirrorWorkloads,
};
