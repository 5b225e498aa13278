/**
 * A strict JSON reader for files the CLI reads (simulate specs, fixtures): a leading UTF-8 byte-order mark is
 * accepted, duplicate keys are rejected naming the key and where it is (JSON.parse silently keeps the last one), and
 * nesting is capped (a 100,000-deep array would otherwise overflow the stack of whatever walks the value later).
 * Iterative, so no input can exhaust the stack here either. Values are what JSON.parse returns for the same text.
 */
import fs from 'node:fs';
import { inputError } from '../errors.js';

/** Deepest nesting of arrays/objects accepted; real specs and fixtures stay under ten. */
export const MAX_JSON_DEPTH = 64;

type Frame =
  | { readonly kind: 'array'; readonly value: unknown[]; readonly path: string }
  | {
      readonly kind: 'object';
      readonly value: Record<string, unknown>;
      readonly path: string;
      readonly keys: Set<string>;
      key: string;
    };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parse `text` strictly; every error is one InputError line naming `where`, what is wrong and its line and column. */
export function parseJson(text: string, where: string, maxDepth: number = MAX_JSON_DEPTH): unknown {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const place = (at: number): string => {
    const before = text.slice(0, at);
    return `line ${before.split('\n').length}, column ${at - before.lastIndexOf('\n')}`;
  };
  /** A syntax error: what JSON.parse would also reject. */
  const fail = (what: string, at: number = i): never => {
    throw inputError(`${where}: not valid JSON (${what} at ${place(at)})`);
  };
  /** Valid JSON that this reader refuses (duplicate key, nesting); `jsonPath` names the key or container refused. */
  const refuse = (what: string, at: number, jsonPath: string): never => {
    throw Object.assign(inputError(`${where}: ${what} (${place(at)})`), { jsonPath });
  };
  const skipWs = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  const readString = (): string => {
    if (text[i] !== '"')
      fail(i >= text.length ? 'unexpected end of input' : `expected a string, found ${JSON.stringify(text[i])}`);
    const start = i;
    let escaped = false;
    for (let j = i + 1; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x22) {
        i = j + 1;
        if (!escaped) return text.slice(start + 1, j);
        try {
          return JSON.parse(text.slice(start, j + 1)) as string;
        } catch {
          return fail('invalid escape in a string', start);
        }
      }
      if (c === 0x5c) {
        escaped = true;
        j++;
      } else if (c < 0x20) {
        fail('unescaped control character in a string', j);
      }
    }
    return fail('unterminated string', start);
  };
  const readKey = (frame: Extract<Frame, { kind: 'object' }>): void => {
    skipWs();
    const at = i;
    const key = readString();
    if (frame.keys.has(key))
      refuse(
        `duplicate key ${JSON.stringify(key)} in ${frame.path === '' ? 'the top-level object' : frame.path}`,
        at,
        frame.path === '' ? key : `${frame.path}.${key}`,
      );
    frame.keys.add(key);
    frame.key = key;
    skipWs();
    if (text[i] !== ':') fail(`expected ":" after key ${JSON.stringify(key)}`);
    i++;
  };
  const readScalar = (): unknown => {
    const c = text[i];
    if (c === '"') return readString();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m !== null) {
      i += m[0].length;
      return Number(m[0]);
    }
    return fail(c === undefined ? 'unexpected end of input' : `unexpected ${JSON.stringify(c)}`);
  };
  const childPath = (top: Frame | undefined): string => {
    if (top === undefined) return '';
    if (top.kind === 'array') return `${top.path}[${top.value.length}]`;
    return top.path === '' ? top.key : `${top.path}.${top.key}`;
  };

  const stack: Frame[] = [];
  for (;;) {
    // a value starts here
    skipWs();
    let value: unknown;
    const c = text[i];
    if (c === '{' || c === '[') {
      const path = childPath(stack.at(-1));
      if (stack.length >= maxDepth) refuse(`nested deeper than ${maxDepth} levels`, i, path);
      i++;
      skipWs();
      if (c === '{') {
        const frame: Frame = { kind: 'object', value: {}, path, keys: new Set(), key: '' };
        if (text[i] !== '}') {
          stack.push(frame);
          readKey(frame);
          continue;
        }
        i++;
        value = frame.value;
      } else {
        if (text[i] !== ']') {
          stack.push({ kind: 'array', value: [], path });
          continue;
        }
        i++;
        value = [];
      }
    } else {
      value = readScalar();
    }
    // attach the finished value to its container, closing containers that end here
    for (;;) {
      const top = stack.at(-1);
      if (top === undefined) {
        skipWs();
        if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} after the JSON value`);
        return value;
      }
      // defineProperty: a "__proto__" key is data, as with JSON.parse, never the object's prototype
      if (top.kind === 'array') top.value.push(value);
      else Object.defineProperty(top.value, top.key, { value, enumerable: true, writable: true, configurable: true });
      skipWs();
      const close = top.kind === 'array' ? ']' : '}';
      if (text[i] === ',') {
        i++;
        if (top.kind === 'object') readKey(top);
        break;
      }
      if (text[i] !== close)
        fail(
          i >= text.length ? 'unexpected end of input' : `expected "," or "${close}", found ${JSON.stringify(text[i])}`,
        );
      i++;
      value = stack.pop()!.value;
    }
  }
}

/** The JSON path (`spec.x`, `a[2]`) of what parseJson refused as valid but unacceptable JSON, else undefined. */
export function refusedPath(e: unknown): string | undefined {
  const p = (e as { jsonPath?: unknown } | null)?.jsonPath;
  return typeof p === 'string' ? p : undefined;
}

/**
 * Read and strictly parse a JSON file; a missing file, a directory or bad JSON is one InputError line naming `where`.
 */
export function readJsonFile(file: string, where: string = file): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(
      `${where}: ${code === 'EISDIR' ? 'is a directory, not a JSON file' : code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (e as Error).message})`}`,
    );
  }
  return parseJson(text, where);
}
