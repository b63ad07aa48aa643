// npm run fuzz -- --seeds N [--from S]   run N seeds, S, S+1, ...
// npm run fuzz -- --seed S [--verbose]   replay one seed exactly
// Every seed runs the device bundle in the virtual Espruino with the presses
// and faults it draws (sim/fuzz/plan.ts); the invariants (sim/fuzz/invariants.ts)
// are checked after every event. Exit 1 on the first failing seed, printed
// with its invariant, its last events and the command that replays it.
import { describeFailure, runSeed } from '../fuzz/run';
import { FAULT_KINDS, kindsOf } from '../fuzz/plan';
import { parseFlags } from './args';
import { runCommand } from './session-flags';

/** A seed is an unsigned 32-bit integer: what mulberry32 takes. */
function seedArg(flag: string, v: string | true | string[] | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`--${flag} must be an integer from 0 to 4294967295 (got ${String(v)})`);
  return n;
}

function main(argv: string[]): number {
  const flags = parseFlags(argv, { seeds: 'value', from: 'value', seed: 'value', verbose: 'flag' });
  if (flags.seed !== undefined && (flags.seeds !== undefined || flags.from !== undefined)) throw new Error('--seed replays one seed: give it without --seeds/--from');
  const one = flags.seed !== undefined;
  const from = one ? seedArg('seed', flags.seed, 0) : seedArg('from', flags.from, 1);
  const count = one ? 1 : seedArg('seeds', flags.seeds, 100);
  if (count < 1 || count > 1e6) throw new Error(`--seeds must be from 1 to 1000000 (got ${count})`);
  const kinds: Record<string, number> = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0]));
  let events = 0;
  let boots = 0;
  let injected = 0;
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    const seed = (from + i) >>> 0;
    let r;
    try {
      r = runSeed(seed);
    } catch (e) {
      console.log(`FAIL seed ${seed}: the run itself threw: ${(e as Error).stack}\n  replay: npm run fuzz -- --seed ${seed}`);
      return 1;
    }
    events += r.events;
    boots += r.boots - 1;
    injected += r.injected;
    for (const k of kindsOf(r.plan)) kinds[k] += 1;
    if (r.violation) {
      console.log(describeFailure(r));
      return 1;
    }
    if (one || flags.verbose) {
      console.log(`seed ${seed}: ok  ${r.plan.board} ${r.plan.protocol.id} ${(r.plan.runMs / 60000).toFixed(0)} min, ${r.plan.presses.length} presses, faults: ${kindsOf(r.plan).join(' ') || 'none'}; ${r.events} events checked`);
    } else if ((i + 1) % 1000 === 0) console.log(`  ${i + 1} seeds ok`);
  }
  const s = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${count} seed(s) from ${from}: all invariants held (${events} events checked, ${boots} resets, ${injected} injected faults; ${s} s)`);
  console.log(`  seeds with each fault kind: ${FAULT_KINDS.map((k) => `${k} ${kinds[k]}`).join(', ')}`);
  return 0;
}

runCommand('fuzz', main);
