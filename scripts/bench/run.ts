// The whole benchmark: every part for ours, then for the naive pacer, the
// latency draws merged, the goals judged; returns what bench/results.json
// holds. `reduced` (--quick) shortens every span.
import * as os from 'os';
import { DEFAULT_SETTINGS } from '../../firmware/core/settings';
import { DESKTOP_LATENCY, describeLatency, LatencyStats } from '../../sim/latency';
import { BOARDS, BoardId } from '../../boards';
import { gate } from '../gate';
import { boardPowerNotes, modelFor, POWER_SOURCES } from '../power-model';
import { EnergyFigures, seedRun } from './energy';
import { goals } from './goals';
import { MemoryFigures, memoryNaive, memoryOurs } from './memory';
import { METHODS } from './methods';
import { naiveCode } from './naive';
import { DEFAULT_SEED, FULL_SPANS, HOUR, PacerName, REDUCED_SPANS, TempoKey, tempoKey, TEMPOS } from './params';
import { BenchResults, PacerFigures } from './results';
import { statesRun } from './state-wakes';
import { wallSince } from './stats';
import { Speed, TimingFigures, timingRun, WakesPerPump } from './timing';

export interface BenchOptions {
  reduced?: boolean;
  seed?: number;
  /** Progress lines (stderr in the CLI). */
  progress?: (line: string) => void;
}

export function runBench(opts: BenchOptions = {}): BenchResults {
  const t0 = process.hrtime.bigint();
  const spans = opts.reduced ? REDUCED_SPANS : FULL_SPANS;
  const seed = opts.seed ?? DEFAULT_SEED;
  const progress = opts.progress ?? (() => {});
  const drawn = new LatencyStats(DESKTOP_LATENCY.maxMs);
  const naiveGateProblems = gate(naiveCode()).length;

  const figures = (pacer: PacerName): PacerFigures => {
    const timing = {} as Record<TempoKey, TimingFigures>;
    const perPump = {} as Record<TempoKey, WakesPerPump>;
    let bundleSpeed: Speed | null = null;
    for (const ppm of TEMPOS) {
      progress(`${pacer}: ${spans.longMs / HOUR} h at ${ppm}/min`);
      const r = timingRun(pacer, ppm, spans, seed);
      drawn.merge(r.latency);
      timing[tempoKey(ppm)] = r.timing;
      perPump[tempoKey(ppm)] = r.wakes;
      if (ppm === DEFAULT_SETTINGS.ppm) bundleSpeed = r.speed;
    }
    progress(`${pacer}: idle, paused, done`);
    const states = statesRun(pacer, spans, seed);
    drawn.merge(states.latency);
    const boards: BoardId[] = pacer === 'ours' ? [...BOARDS] : ['puck'];
    const energy: Partial<Record<BoardId, EnergyFigures>> = {};
    const memory: Partial<Record<BoardId, MemoryFigures>> = {};
    for (const b of boards) {
      progress(`${pacer}: seed session on ${b}`);
      energy[b] = seedRun(pacer, b, spans, seed);
      memory[b] = pacer === 'ours' ? memoryOurs(b) : memoryNaive();
    }
    const simSpeed: PacerFigures['simSpeed'] = { bundle: bundleSpeed as Speed };
    const f: PacerFigures = { timing, wakes: { perPump, perHour: states.wakes }, memory, energy, simSpeed };
    if (pacer === 'ours') {
      progress('ours: seed session on puck, accents and lead-in off');
      f.energyPlainCues = seedRun('ours', 'puck', spans, seed, { accentEvery: 0, leadIn: false });
      progress(`ours: core engine, ${spans.longMs / HOUR} h at 60/min`);
      simSpeed.core = timingRun('ours', DEFAULT_SETTINGS.ppm, spans, seed, 'core').speed;
    }
    return f;
  };

  const ours = figures('ours');
  const naive = figures('naive');
  const results: BenchResults = {
    benchmark: 'npm run bench',
    mode: opts.reduced ? 'reduced' : 'full',
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, platform: os.platform(), release: os.release() },
    seed,
    latencyModel: { ...DESKTOP_LATENCY, description: describeLatency(DESKTOP_LATENCY), drawn: drawn.summary() },
    spans,
    naiveGateProblems,
    ours,
    naive,
    methods: METHODS,
    powerModel: { figures: modelFor('puck'), sources: POWER_SOURCES, boards: boardPowerNotes() },
    goals: goals(ours, naive),
    wallSeconds: 0,
  };
  results.wallSeconds = wallSince(t0);
  return results;
}
