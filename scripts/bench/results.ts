// The shape of the benchmark's results: each pacer's figures, the goals, and
// the whole of bench/results.json.
import { BoardId } from '../../boards';
import { LatencyParams, LatencyStats } from '../../sim/latency';
import { POWER_SOURCES, PowerModel } from '../power-model';
import { EnergyFigures } from './energy';
import { MemoryFigures } from './memory';
import { Spans, TempoKey } from './params';
import { StateWakes } from './state-wakes';
import { Speed, TimingFigures, WakesPerPump } from './timing';

export interface PacerFigures {
  timing: Record<TempoKey, TimingFigures>;
  wakes: { perPump: Record<TempoKey, WakesPerPump>; perHour: StateWakes };
  memory: Partial<Record<BoardId, MemoryFigures>>;
  energy: Partial<Record<BoardId, EnergyFigures>>;
  /** Ours only: the Puck.js seed session with the cues the naive pacer lacks turned off (accentEvery 0, leadIn false). */
  energyPlainCues?: EnergyFigures;
  simSpeed: { bundle: Speed; core?: Speed };
}

export interface Goal {
  goal: string;
  ours: number;
  naive: number;
  unit: string;
  passOurs: boolean;
  passNaive: boolean | null;
}

export interface BenchResults {
  benchmark: string;
  mode: 'full' | 'reduced';
  date: string;
  machine: { cpu: string; cores: number; node: string; platform: string; release: string };
  seed: number;
  latencyModel: LatencyParams & { description: string; drawn: ReturnType<LatencyStats['summary']> };
  spans: Spans;
  naiveGateProblems: number;
  ours: PacerFigures;
  naive: PacerFigures;
  methods: Record<string, string>;
  powerModel: { figures: PowerModel; sources: typeof POWER_SOURCES; boards: Record<BoardId, string> };
  goals: Goal[];
  wallSeconds: number;
}
