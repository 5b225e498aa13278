import { afterEach, describe, expect, it, vi } from 'vitest';
import { progress } from './progress.js';

/** A stream that records what is written; `isTTY` as given. */
function sink(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = {
    isTTY,
    text: '',
    write(chunk: string) {
      s.text += chunk;
      return true;
    },
  };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

afterEach(() => vi.unstubAllEnvs());

describe('progress', () => {
  it('stdout not a terminal: one line per finished theorem, as it finishes, no bar', () => {
    vi.stubEnv('CI', '');
    const err = sink(false);
    const out = sink(false);
    const p = progress(12, err, out);
    p.tick('a', 'a  holds  ok  0.1s');
    expect(out.text).toBe('[ 1/12] a  holds  ok  0.1s\n'); // written at once, not at done()
    p.tick('b', 'b  violated  FAIL  2.0s');
    p.done();
    expect(out.text.split('\n')).toEqual(['[ 1/12] a  holds  ok  0.1s', '[ 2/12] b  violated  FAIL  2.0s', '']);
    expect(err.text).toBe('');
  });

  it('an interactive terminal keeps the bar on stderr and prints no lines', () => {
    vi.stubEnv('CI', '');
    const err = sink(true);
    const out = sink(true);
    const p = progress(2, err, out);
    p.tick('a', 'a  holds  ok  0.1s');
    expect(err.text).toContain('[############............] 1/2 a');
    p.done();
    expect(out.text).toBe('');
  });

  it('under CI on a pseudo-terminal: no bar, but the lines', () => {
    vi.stubEnv('CI', '1');
    const err = sink(true);
    const out = sink(true);
    progress(1, err, out).tick('a', 'a  holds  ok  0.1s');
    expect(err.text).toBe('');
    expect(out.text).toBe('[1/1] a  holds  ok  0.1s\n');
  });
});
