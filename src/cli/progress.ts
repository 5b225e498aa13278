/**
 * Progress of `thm check`: a bar on stderr on an interactive terminal (not under CI), and — when stdout is not a
 * terminal (CI logs, a pipe) or there is no bar — one line per finished theorem as it finishes, so a stuck job shows
 * where it is.
 */
export interface Progress {
  /** One theorem finished: `label` names it on the bar; `line` (id, verdict, time) is the log line. */
  tick(label: string, line?: string): void;
  done(): void;
}

export function progress(
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
  log: NodeJS.WritableStream & { isTTY?: boolean } = process.stdout,
): Progress {
  const on = stream.isTTY === true && !process.env.CI && total > 0;
  // a CI runner with a pseudo-terminal gets the lines too: whenever there is no bar, or stdout is not a terminal
  const lines = log.isTTY !== true || !on;
  let n = 0;
  const draw = (label: string) => {
    const width = 24;
    const full = Math.round((n / total) * width);
    stream.write(`\r\x1b[K[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${n}/${total} ${label}`);
  };
  if (on) draw('');
  const pad = String(total).length;
  return {
    tick(label, line) {
      n++;
      if (on) draw(label);
      if (lines && line !== undefined) log.write(`[${String(n).padStart(pad)}/${total}] ${line}\n`);
    },
    done() {
      if (on) stream.write('\r\x1b[K');
    },
  };
}
