import { describe, it } from 'vitest';
import { specLaws } from './laws.js';
import { SPEC_ARBITRARIES } from './registry.js';

// Automatic enrollment: every entry of SPEC_ARBITRARIES gets the five spec laws; adding an arbitrary to the
// registry is all it takes.
for (const [name, entry] of Object.entries(SPEC_ARBITRARIES)) {
  describe(`spec arbitrary ${name}`, () => {
    for (const law of specLaws(entry, { numRuns: 30 })) it(law.name, law.run);
  });
}
