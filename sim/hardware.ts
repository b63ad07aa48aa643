// The virtual hardware of each board: its card's `hardware` (boards/<id>.ts:
// the pins its interpreter defines and which of them a person sees or feels),
// with the board's id and the debounce its firmware asks for.
import { BoardCard } from '../boards/card';
import { BoardId, BOARDS, CARDS } from '../boards';

export interface VirtualHardware extends Readonly<BoardCard['hardware']> {
  id: BoardId;
  /** The debounce the firmware asks for (the core engine applies the same). */
  debounceMs: number;
}

export const HARDWARE = Object.fromEntries(
  BOARDS.map((id) => [id, { id, ...CARDS[id].hardware, debounceMs: CARDS[id].firmware.debounceMs }]),
) as Record<BoardId, VirtualHardware>;
