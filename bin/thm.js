#!/usr/bin/env node
// `thm` as an installed binary: register tsx's ESM loader (Node 20 has no TypeScript stripping), then run the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
