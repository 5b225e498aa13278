/**
 * Child process of the `thm check` pool: loads one theorem file per request, verifies it, and sends the result back.
 * Runs in its own process so that a hanging evaluate can be ended by the parent (hard time budget).
 */
import { loadTheoremFile } from '../theorem/discover.js';
import { isInputError } from '../errors.js';
import { registerLoadHooks } from '../theorem/loadHooks.js';
import { verifyTheorem, type VerifyOptions } from '../theorem/verify.js';

export interface Job {
  readonly index: number;
  readonly file: string;
  readonly opts: VerifyOptions;
}

export type Reply =
  | { readonly index: number; readonly kind: 'result'; readonly result: Awaited<ReturnType<typeof verifyTheorem>> }
  | { readonly index: number; readonly kind: 'error'; readonly input: boolean; readonly message: string };

registerLoadHooks(); // as in main: theorem files import 'theoremcheck' from any folder

process.on('message', (job: Job) => {
  void (async () => {
    let reply: Reply;
    try {
      const { theorem } = await loadTheoremFile(job.file);
      reply = { index: job.index, kind: 'result', result: await verifyTheorem(theorem, job.opts) };
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      reply = { index: job.index, kind: 'error', input: isInputError(err), message: isInputError(err) ? err.message : (err.stack ?? err.message) };
    }
    process.send!(reply);
  })();
});
