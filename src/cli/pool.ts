/**
 * A pool of child processes running theorems in parallel (`--jobs N`), each job under a hard time budget: a worker
 * that overruns is killed and its theorem reported as budget_exhausted — never a hang — with the phase it was in.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Phase } from '../theorem/verdicts.js';
import type { Job, PhaseMessage, Reply } from './worker.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface PoolJob extends Job {
  /** Kill the worker after this long (ms), counted from when it takes the job (reports its first phase). */
  readonly hardMs: number;
}

/**
 * Starting a worker (Node, tsx, the engine's modules) is not the theorem's time: on a loaded machine it alone can take
 * seconds. The hard budget starts when the worker takes the job; until then only this start-up limit applies.
 */
export const WORKER_STARTUP_MS = 120_000;

/** A reply, a kill by the hard budget (with the last phase the worker reported), or a worker that died of SIGINT. */
export type Outcome =
  | Reply
  | { readonly index: number; readonly kind: 'timeout'; readonly ms: number; readonly phase?: Phase }
  /** The worker died of SIGINT (Ctrl-C reaches the whole process group): the job did not finish. */
  | { readonly index: number; readonly kind: 'interrupted' };

/**
 * Run `jobs` on up to `size` workers; `onDone` fires as each finishes (any order); resolves with outcomes by index.
 * When `signal` aborts (SIGINT), no job starts any more and running workers are killed (their jobs end as errors);
 * jobs that never started are undefined.
 */
export async function runPool(
  jobs: readonly PoolJob[],
  size: number,
  onDone?: (o: Outcome) => void,
  signal?: AbortSignal,
): Promise<(Outcome | undefined)[]> {
  const out: (Outcome | undefined)[] = new Array<Outcome | undefined>(jobs.length).fill(undefined);
  let next = 0;
  const live = new Set<ChildProcess>();
  const stop = () => live.forEach((c) => c.kill('SIGKILL'));
  signal?.addEventListener('abort', stop, { once: true });
  const spawn = (): ChildProcess => {
    const c = fork(WORKER, [], { execArgv: ['--import', TSX], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    live.add(c);
    c.once('exit', () => live.delete(c));
    return c;
  };

  const lane = async (): Promise<void> => {
    let child: ChildProcess | undefined;
    while (next < jobs.length && signal?.aborted !== true) {
      const job = jobs[next++]!;
      child ??= spawn();
      const c = child;
      let t0 = Date.now();
      let phase: Phase | undefined;
      const outcome = await new Promise<Outcome>((resolve) => {
        const kill = () => {
          cleanup();
          c.kill('SIGKILL');
          resolve({
            index: job.index,
            kind: 'timeout',
            ms: Date.now() - t0,
            ...(phase !== undefined ? { phase } : {}),
          });
        };
        let timer = setTimeout(kill, WORKER_STARTUP_MS);
        const onMessage = (m: Reply | PhaseMessage) => {
          if (m.index !== job.index) return;
          if (m.kind === 'phase') {
            if (phase === undefined) {
              // the worker has started and taken the job: from here the theorem's hard budget runs
              clearTimeout(timer);
              t0 = Date.now();
              timer = setTimeout(kill, job.hardMs);
            }
            phase = m.phase;
            return;
          }
          cleanup();
          resolve(m);
        };
        const onExit = (code: number | null, signal: string | null) => {
          cleanup();
          const during = phase !== undefined ? ` (last phase: ${phase})` : '';
          if (signal === 'SIGINT') resolve({ index: job.index, kind: 'interrupted' });
          else
            resolve({
              index: job.index,
              kind: 'error',
              input: false,
              message: `worker exited (code ${code}, signal ${signal}) while checking ${job.file}${during}`,
            });
        };
        const cleanup = () => {
          clearTimeout(timer);
          c.off('message', onMessage);
          c.off('exit', onExit);
        };
        c.on('message', onMessage);
        c.on('exit', onExit);
        c.send({ index: job.index, file: job.file, opts: job.opts } satisfies Job);
      });
      // a killed or crashed worker is replaced for the next job
      if (outcome.kind === 'timeout' || c.exitCode !== null || c.signalCode !== null) child = undefined;
      out[job.index] = outcome;
      onDone?.(outcome);
    }
    child?.disconnect();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, jobs.length)) }, lane));
  signal?.removeEventListener('abort', stop);
  return out;
}
