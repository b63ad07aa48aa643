// Scenario files: one action per line, times in seconds from the start.
//   <seconds> press            a short press
//   <seconds> hold <seconds>   the button held that long
//   # comment                  (also after an action)
// A malformed line is rejected with its line number and the reason.

export interface Action {
  /** When the button goes down, ms from the start. */
  atMs: number;
  /** How long it stays down, ms. */
  heldMs: number;
  line: number;
}

/** How long a "press" holds the button down: a quick, deliberate tap. */
export const SHORT_PRESS_MS = 120;
/** Scenarios longer than this are refused: a limit on everything. */
export const MAX_SCENARIO_S = 7 * 24 * 3600;
export const MAX_ACTIONS = 100_000;

export class ScenarioError extends Error {
  constructor(readonly line: number, readonly reason: string) {
    super(`scenario line ${line}: ${reason}`);
    this.name = 'ScenarioError';
  }
}

const NUMBER = /^\d+(\.\d+)?$/;

function seconds(word: string | undefined, what: string, line: number): number {
  if (word === undefined) throw new ScenarioError(line, `missing ${what}`);
  if (!NUMBER.test(word)) throw new ScenarioError(line, `${what} "${word}" is not a number of seconds (like 12 or 12.5)`);
  const s = Number(word);
  if (s > MAX_SCENARIO_S) throw new ScenarioError(line, `${what} ${word} s is beyond the ${MAX_SCENARIO_S} s limit`);
  return s;
}

export function parseScenario(text: string): Action[] {
  const actions: Action[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const words = raw.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    const atMs = Math.round(seconds(words[0], 'time', line) * 1000);
    const verb = words[1];
    let heldMs: number;
    if (verb === 'press') {
      if (words.length > 2) throw new ScenarioError(line, `"press" takes no argument, found "${words.slice(2).join(' ')}"`);
      heldMs = SHORT_PRESS_MS;
    } else if (verb === 'hold') {
      if (words.length > 3) throw new ScenarioError(line, `"hold" takes one duration, found "${words.slice(2).join(' ')}"`);
      heldMs = Math.round(seconds(words[2], 'hold duration', line) * 1000);
      if (heldMs <= 0) throw new ScenarioError(line, 'hold duration must be more than 0 s');
    } else if (verb === undefined) {
      throw new ScenarioError(line, 'missing action after the time (press or hold <seconds>)');
    } else {
      throw new ScenarioError(line, `unknown action "${verb}" (expected press or hold <seconds>)`);
    }
    const prev = actions[actions.length - 1];
    if (prev && atMs < prev.atMs + prev.heldMs) {
      throw new ScenarioError(line, `starts at ${atMs / 1000} s, before the press on line ${prev.line} is released (${(prev.atMs + prev.heldMs) / 1000} s)`);
    }
    if (actions.length >= MAX_ACTIONS) throw new ScenarioError(line, `more than ${MAX_ACTIONS} actions`);
    actions.push({ atMs, heldMs, line });
  });
  return actions;
}
