/**
 * `thm check --shard i/n` (as vitest's --shard): the selected theorems are ordered by id and dealt round-robin to n
 * shards, so the split depends only on the selection (not on argument order, file system or machine) and heavy
 * neighbours in one area spread over the jobs. The n shards together run each selected theorem exactly once.
 */
import { inputError } from '../errors.js';
import type { Shard } from './checkJson.js';

/** Parse `i/n` (1 ≤ i ≤ n); anything else is a usage error naming --shard. */
export function parseShard(v: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(v);
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(total) && total >= 1 && index >= 1 && index <= total)) {
    throw inputError(`--shard: ${JSON.stringify(v)} must be i/n with 1 ≤ i ≤ n (e.g. --shard 2/4)`);
  }
  return { index, total };
}

/** The members of `items` in shard `s`, in their original order. */
export function shardOf<T>(items: readonly T[], s: Shard, id: (x: T) => string): T[] {
  const order = items
    .map((x, i) => ({ key: id(x), i }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i));
  const mine = new Set(order.filter((_, k) => k % s.total === s.index - 1).map((o) => o.i));
  return items.filter((_, i) => mine.has(i));
}
