// npm run bench: our pacer against a naive one, both run as device code in
// the virtual Espruino on the virtual clock, with timer callbacks delivered
// late by a seeded, realistic latency model (sim/latency.ts). Prints a table
// (ours | naive), a Goals section with pass/miss, and writes
// bench/results.json. `--quick` (runBench({ reduced: true })) shortens every
// span: the figures are all produced but are not the benchmark's.
//
// The naive baseline is bench/naive-pacer.js: setInterval(tick, 10) from
// boot, counting ticks, a pump every round(period / 10) ticks. Nothing here
// times anything for a pass/miss except the simulator's own speed, which is
// reported (wall clock) and never asserted by the tests.
//
// The parts are in scripts/bench/: the parameters (params.ts), the naive
// pacer (naive.ts), one simulated device and its trace recorder (rig.ts,
// recorder.ts), one file per measurement (timing.ts, state-wakes.ts,
// energy.ts, memory.ts), the whole run (run.ts), the results' shape, methods
// and goals (results.ts, methods.ts, goals.ts) and the report (report.ts).
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { DEFAULT_SEED, QUICK_RESULTS_PATH, RESULTS_PATH, ROOT } from './bench/params';
import { formatReport } from './bench/report';
import { runBench } from './bench/run';

function main(argv: string[]): number {
  const reduced = argv.includes('--quick');
  const i = argv.indexOf('--seed');
  const seed = i >= 0 ? Number(argv[i + 1]) : DEFAULT_SEED;
  if (!Number.isInteger(seed)) {
    console.error('bench: --seed takes an integer');
    return 2;
  }
  const results = runBench({ reduced, seed, progress: (l) => process.stderr.write(`bench: ${l}\n`) });
  const out = reduced ? QUICK_RESULTS_PATH : RESULTS_PATH;
  mkdirSync(path.dirname(path.join(ROOT, out)), { recursive: true });
  writeFileSync(path.join(ROOT, out), JSON.stringify(results, null, 2) + '\n');
  console.log(formatReport(results));
  console.log(`wrote ${out}`);
  return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
