// The button table's words and outcomes, for hosts only: the README's table
// is held to readmeButtonTable() (test/buttons.test.ts), the simulator's help
// line is pressHelp(), and the fuzzer's press-action invariant checks
// pressOutcome(). The device imports buttons.ts alone, so none of this text
// reaches it.
import { Act, pressAct } from './buttons';
import { BATT_GREEN_PCT, LONG_PRESS_MS, LOW_BATT_PCT, VERY_LONG_PRESS_MS } from './limits';
import { Mode } from './types';

/** The states that take presses, in the table's order (Buttons.States: their first letters). */
export const PRESS_STATES: Mode[] = ['idle', 'running', 'paused', 'done'];

/** The press classes (Press), in the table's order: their names and held times. */
export const PRESS_CLASSES = [
  { name: 'short', held: `< ${LONG_PRESS_MS / 1000} s` },
  { name: 'long', held: `${LONG_PRESS_MS / 1000}–${VERY_LONG_PRESS_MS / 1000} s` },
  { name: 'very long', held: `≥ ${VERY_LONG_PRESS_MS / 1000} s` },
];

interface ActWords {
  /** The README's cell. */
  readme: string;
  /** The simulator's help line: what the key does now. */
  cli: string;
  /** The state it leads to, and the phase there: the first, the one it was in, or the next ('next' after the last: done). */
  to: Mode;
  phase: 'first' | 'same' | 'next' | null;
}

/** Each action's words and outcome, by its letter (the keys are type-checked to be Act's letters). */
export const ACT_WORDS: { [A in Act]: ActWords } = {
  S: { readme: 'start phase 1', cli: 'starts the session', to: 'running', phase: 'first' },
  B: {
    readme: `battery level: 1 s of green (≥ ${BATT_GREEN_PCT} %), yellow (≥ ${LOW_BATT_PCT} %) or red; on Bangle.js 2 also on the screen`,
    cli: 'battery level', to: 'setup', phase: null,
  },
  T: { readme: '**tap tempo** (below)', cli: 'tap tempo', to: 'setup', phase: null },
  N: { readme: 'next phase (after the last: done)', cli: 'next phase', to: 'running', phase: 'next' },
  P: { readme: 'pause', cli: 'pauses', to: 'paused', phase: 'same' },
  E: { readme: 'end the session (done, logged as `ended`)', cli: 'ends the session', to: 'done', phase: null },
  R: { readme: 'resume', cli: 'resumes', to: 'running', phase: 'same' },
  I: { readme: 'back to idle', cli: 'back to idle', to: 'idle', phase: 'first' },
};

/** The action of a press class (0 short, 1 long, 2 very long) in a state, with its words. */
export function pressWords(state: Mode, kind: number): ActWords {
  return ACT_WORDS[pressAct(state, kind)];
}

/** The README's "## The button" table, as its lines. */
export function readmeButtonTable(): string[] {
  const lines = [`| press | ${PRESS_STATES.join(' | ')} |`, `|---|${PRESS_STATES.map(() => '---|').join('')}`];
  for (let kind = 0; kind < PRESS_CLASSES.length; kind++) {
    const c = PRESS_CLASSES[kind];
    lines.push(`| ${c.name} (${c.held}) | ${PRESS_STATES.map((s) => pressWords(s, kind).readme).join(' | ')} |`);
  }
  return lines;
}

/**
 * What each key does in this state (`keys`: one per press class), keys with the same action
 * together: "space or l resumes · e ends the session". `lastPhase`: a next phase from the last one
 * ends the session.
 */
export function pressHelp(state: Mode, lastPhase: boolean, keys: string[]): string {
  const said: string[] = [];
  const words: string[] = [];
  for (let kind = 0; kind < keys.length; kind++) {
    const w = pressWords(state, kind);
    const cli = w.phase === 'next' && lastPhase ? ACT_WORDS[Act.End].cli : w.cli;
    const same = words.indexOf(cli);
    if (same >= 0) said[same] += ' or ' + keys[kind];
    else {
      said.push(keys[kind]);
      words.push(cli);
    }
  }
  return said.map((k, i) => `${k} ${words[i]}`).join(' · ');
}

/** Where a press of this class leads from this state, in phase `phase` of `phases`: the state, and the phase (null: any). */
export function pressOutcome(state: Mode, kind: number, phase: number, phases: number): { state: Mode; phase: number | null } {
  const w = pressWords(state, kind);
  if (w.phase === 'next') return phase + 1 < phases ? { state: 'running', phase: phase + 1 } : { state: 'done', phase: null };
  return { state: w.to, phase: w.phase === 'first' ? 0 : w.phase === 'same' ? phase : null };
}
