// The naive baseline pacer: bench/naive-pacer.js, setInterval(tick, 10) from
// boot, counting ticks, a pump every round(period / 10) ticks. Its source is
// read once and run in the same virtual Espruino as ours.
import { readFileSync } from 'fs';
import * as path from 'path';
import { ROOT } from './params';

export const NAIVE_PATH = 'bench/naive-pacer.js';

let naiveCache: string | null = null;
export function naiveCode(): string {
  naiveCache ??= readFileSync(path.join(ROOT, NAIVE_PATH), 'utf8');
  return naiveCache;
}
