/** The catalogue as a vitest suite, part 3 (src/testing/catalogueSuite.ts; part 1 and the lint: catalogue.test.ts). */
import { loadCatalogue, registerCataloguePart } from '../src/testing/catalogueSuite.js';

registerCataloguePart(await loadCatalogue(), 2);
