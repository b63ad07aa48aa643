// The button table (README: The button): how long a press was held gives its
// class, and the class and the state give the action. machine.ts dispatches on
// this table; its words (the README's cells, the simulator's help line) and
// what each action leads to are in button-words.ts, which only hosts import.
// Every name here is a const enum: the bundler writes the values where they
// are used, so the table costs the device no variable at all.
import { LONG_PRESS_MS, VERY_LONG_PRESS_MS } from './limits';

/** The press classes, in the table's column order. */
export const enum Press {
  Short = 0,
  /** Held LONG_PRESS_MS or longer. */
  Long = 1,
  /** Held VERY_LONG_PRESS_MS or longer. */
  VeryLong = 2,
}

/** The class of a press held this long (Press). */
export function pressKind(heldMs: number): number {
  return heldMs >= VERY_LONG_PRESS_MS ? Press.VeryLong : heldMs >= LONG_PRESS_MS ? Press.Long : Press.Short;
}

/** What a press does: one letter each, the cells of the table. */
export const enum Act {
  /** Start phase 1 (a red "low" flash instead when the battery is flat). */
  Start = 'S',
  /** Hand over to the setup machine (setup.ts): the battery level. */
  Battery = 'B',
  /** Hand over to the setup machine: tap tempo. */
  Tempo = 'T',
  /** On to the next phase; after the last, done. */
  Next = 'N',
  Pause = 'P',
  /** End the session: done, logged as 'ended'. */
  End = 'E',
  Resume = 'R',
  /** Back to idle, whatever was playing stopped. */
  Idle = 'I',
}

/**
 * The table: the states that take presses (setup has its own, setup.ts), by their first
 * letter, and per state one action (Act) per press class (Press): short, long, very long.
 */
export const enum Buttons {
  States = 'irpd',
  Actions =
    // idle
    'SBT' +
    // running
    'NPE' +
    // paused: a short press resumes too, the gentlest reading of a press while paused
    'RRE' +
    // done
    'III',
}

/** The action of a press of this class (Press) in this state (its first letter: Buttons.States). */
export function pressAct(state: string, kind: number): Act {
  return Buttons.Actions[Buttons.States.indexOf(state[0]) * 3 + kind] as Act;
}
