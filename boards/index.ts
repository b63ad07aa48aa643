// The boards we build for: one card each (boards/<id>.ts). A new board is its
// card, its line here, and its tests.
import { BANGLE2 } from './bangle2';
import { BoardCard } from './card';
import { MDBT42Q } from './mdbt42q';
import { PICO } from './pico';
import { PUCK } from './puck';

export type { BoardCard } from './card';

/** In this order everywhere a board list is printed (the build, the bench, the golden traces). */
const ALL = [PUCK, BANGLE2, PICO, MDBT42Q] as const;

export type BoardId = (typeof ALL)[number]['id'];

export const BOARDS: readonly BoardId[] = ALL.map((c) => c.id);

export const CARDS = Object.fromEntries(ALL.map((c) => [c.id, c])) as Record<BoardId, BoardCard<BoardId>>;

export function isBoard(id: string): id is BoardId {
  return (BOARDS as readonly string[]).includes(id);
}

/** The boards whose firmware is Storage .bootcde (launch 'bootcde'): what a flash swap replaces. */
export const BOOTCDE_BOARDS: readonly BoardId[] = BOARDS.filter((b) => CARDS[b].launch === 'bootcde');
