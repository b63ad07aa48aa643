// The boards we build for, with the budget each bundle must fit. Minified
// size is RAM on Espruino (function text stays in JsVars), so the budget is
// a memory budget: the Puck.js one comes from issue #3 (6 KB of 2630 JsVars).
export const BOARDS = ['puck', 'bangle2', 'pico', 'mdbt42q'] as const;
export type BoardId = (typeof BOARDS)[number];

export const BUDGET_BYTES: Record<BoardId, number> = {
  puck: 6 * 1024,
  mdbt42q: 6 * 1024,
  pico: 8 * 1024,
  bangle2: 10 * 1024,
};

/** JsVars each interpreter has (board files in the Espruino source, ../shared/reference/espruino.md). */
export const JSVARS: Record<BoardId, number> = { puck: 2630, bangle2: 12000, pico: 5100, mdbt42q: 2950 };

export function isBoard(id: string): id is BoardId {
  return (BOARDS as readonly string[]).includes(id);
}

export function bundlePath(id: BoardId): string {
  return `dist/pacer.${id}.js`;
}
