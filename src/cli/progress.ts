/**
 * A progress bar on stderr, only on an interactive terminal (never in CI logs).
 */
export interface Progress {
  tick(label: string): void;
  done(): void;
}

export function progress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const on = stream.isTTY === true && !process.env.CI && total > 0;
  let n = 0;
  const draw = (label: string) => {
    const width = 24;
    const full = Math.round((n / total) * width);
    stream.write(`\r\x1b[K[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${n}/${total} ${label}`);
  };
  if (on) draw('');
  return {
    tick(label) {
      n++;
      if (on) draw(label);
    },
    done() {
      if (on) stream.write('\r\x1b[K');
    },
  };
}
