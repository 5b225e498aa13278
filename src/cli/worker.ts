/**
 * Child process of the `thm check` pool: loads one theorem file per request, verifies it, and sends the result back.
 * Runs in its own process so that a hanging evaluate (or generator) can be ended by the parent (hard time budget);
 * it reports each phase it enters, so that the parent can say which one hung.
 */
import { loadTheoremFile } from '../theorem/discover.js';
import { isInputError } from '../errors.js';
import { initMpfr } from '../numeric/mpfrInit.js';
import { registerLoadHooks } from '../theorem/loadHooks.js';
import type { Phase } from '../theorem/verdicts.js';
import { verifyTheorem, type TheoremResult, type VerifyOptions } from '../theorem/verify.js';

export interface Job {
  readonly index: number;
  readonly file: string;
  readonly opts: VerifyOptions;
}

export type Reply =
  | { readonly index: number; readonly kind: 'result'; readonly result: TheoremResult }
  | { readonly index: number; readonly kind: 'error'; readonly input: boolean; readonly message: string };

/**
 * Sent while a job runs: the phase it entered (IPC writes go out synchronously, so a later busy loop cannot hold
 * them).
 */
export interface PhaseMessage {
  readonly index: number;
  readonly kind: 'phase';
  readonly phase: Phase;
}

registerLoadHooks(); // as in main: theorem files import 'theoremcheck' from any folder

process.on('message', (job: Job) => {
  void (async () => {
    let reply: Reply;
    let current: Phase | undefined;
    const onPhase = (phase: Phase) => {
      if (phase === current) return;
      current = phase;
      process.send!({ index: job.index, kind: 'phase', phase } satisfies PhaseMessage);
    };
    try {
      onPhase('load');
      const { theorem } = await loadTheoremFile(job.file);
      if (job.opts.backend?.startsWith('mpfr:')) await initMpfr(); // mpfr:<p> needs its WebAssembly module loaded
      reply = { index: job.index, kind: 'result', result: await verifyTheorem(theorem, { ...job.opts, onPhase }) };
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      reply = {
        index: job.index,
        kind: 'error',
        input: isInputError(err),
        message: isInputError(err) ? err.message : (err.stack ?? err.message),
      };
    }
    process.send!(reply);
  })();
});
