// Energy: the seed session (scenarios/seed.txt) on one board, then standby,
// through the power model (scripts/power-model.ts).
import { readFileSync } from 'fs';
import * as path from 'path';
import { Settings } from '../../firmware/core/types';
import { DESKTOP_LATENCY, latencyModel, LatencyStats, streamSeed } from '../../sim/latency';
import { parseScenario } from '../../sim/scenario';
import { BoardId } from '../../boards';
import { chargeMas, meanMa, modelFor, PowerModel, Reading } from '../power-model';
import { MIN, PacerName, ROOT, Spans } from './params';
import { makeRig } from './rig';

export interface EnergyFigures {
  /** From the first press to the session's last output (the done cue) going off. */
  sessionSeconds: number;
  pacingSeconds: number;
  motorOnSeconds: number;
  ledOnSeconds: number;
  /** Timer and watch callbacks in the session. */
  sessionWakes: number;
  /** Mean current from the start of pacing to done, mA. */
  pacingMeanMa: number;
  sessionMah: number;
  sessionsPerCr2032: number;
  /** Mean current idle after the auto-off (idle and done alike), µA. */
  idleMeanUa: number;
  standbyDays: number;
}

export function seedRun(pacer: PacerName, board: BoardId, spans: Spans, seed: number, settings?: Partial<Settings>): EnergyFigures {
  const stats = new LatencyStats(DESKTOP_LATENCY.maxMs);
  const latency = latencyModel(DESKTOP_LATENCY, streamSeed(seed, `seed-${pacer}-${board}`), stats);
  const rig = makeRig(pacer, board, { latency, settings });
  const actions = parseScenario(readFileSync(path.join(ROOT, 'scenarios/seed.txt'), 'utf8'));
  const marks: Array<{ reading: Reading; state: string }> = [];
  rig.mark(0, marks);
  for (const a of actions) rig.press(a.atMs * 1000, a.heldMs);
  const last = actions[actions.length - 1];
  rig.env.clock.runUntil((last.atMs + last.heldMs + 2 * MIN) * 1000);
  const running = rig.rec.states.find((s) => s.value === 'running');
  const done = rig.rec.states.find((s) => s.value === 'done');
  if (!running || !done) throw new Error(`bench: the seed session did not reach done on ${pacer}/${board}`);
  const out = rig.rec.lastOutput;
  const end = out && out.tUs > done.tUs ? out : done.reading;
  // standby: from 11 minutes after done (past the auto-off) for spans.standbyMs
  const sb0 = done.tUs + 11 * MIN * 1000;
  rig.mark(sb0, marks);
  rig.mark(sb0 + spans.standbyMs * 1000, marks);
  rig.env.clock.runUntil(sb0 + spans.standbyMs * 1000);
  const [start, idle0, idle1] = marks;
  const m: PowerModel = modelFor(board);
  const sessionMah = chargeMas(m, start.reading, end) / 3600;
  const idleMa = meanMa(m, idle0.reading, idle1.reading);
  return {
    sessionSeconds: (end.tUs - start.reading.tUs) / 1e6,
    pacingSeconds: (done.tUs - running.tUs) / 1e6,
    motorOnSeconds: (end.motorUs - start.reading.motorUs) / 1e6,
    ledOnSeconds: (end.ledUs - start.reading.ledUs) / 1e6,
    sessionWakes: end.wakes - start.reading.wakes + end.watchCalls - start.reading.watchCalls,
    pacingMeanMa: meanMa(m, running.reading, done.reading),
    sessionMah,
    sessionsPerCr2032: m.cellMah / sessionMah,
    idleMeanUa: idleMa * 1000,
    standbyDays: m.cellMah / idleMa / 24,
  };
}
