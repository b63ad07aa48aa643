// The keys of the interactive simulator: which key is which press of the
// button (space short, l long, e very long, q quits), how long each holds the
// button down, and the keys found in a chunk of raw stdin.
import { LONG_PRESS_MS, VERY_LONG_PRESS_MS } from '../../../firmware/core/limits';
import { SHORT_PRESS_MS } from '../../scenario';

export type PressKind = 'short' | 'long' | 'veryLong';

/** How long each key holds the button down (virtual ms): half a second past each threshold of the button table. */
export const PRESS_MS: Record<PressKind, number> = { short: SHORT_PRESS_MS, long: LONG_PRESS_MS + 500, veryLong: VERY_LONG_PRESS_MS + 500 };
export const PRESS_LABEL: Record<PressKind, string> = { short: 'short press', long: 'long press', veryLong: 'very long press' };

export type KeyAction = PressKind | 'quit' | null;

export function keyAction(ch: string): KeyAction {
  if (ch === ' ') return 'short';
  if (ch === 'l' || ch === 'L') return 'long';
  if (ch === 'e' || ch === 'E') return 'veryLong';
  if (ch === 'q' || ch === 'Q' || ch === '\u0003' || ch === '\u0004') return 'quit';
  return null;
}

/** Keys in one chunk of raw stdin; escape sequences (arrows, function keys) are dropped whole. */
export function keysIn(chunk: string): KeyAction[] {
  const out: KeyAction[] = [];
  const plain = chunk.replace(/\u001b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/g, '');
  for (const ch of plain) {
    const a = keyAction(ch);
    if (a) out.push(a);
  }
  return out;
}

/** The key of each press class, in the button table's order (firmware/core/buttons.ts). */
export const PRESS_KEYS = ['space', 'l', 'e'];
