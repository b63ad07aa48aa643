// npm start's flags: --board, --engine, --speed, --demo, --help, and the
// usage text.
import { BoardId, BOARDS } from '../../../boards';
import { EngineName, ENGINES } from '../../env';
import { MAX_SPEED } from '../../realtime';
import { oneOf, parseFlags } from '../args';
import { PRESS_MS } from './keys';

export function usage(): string {
  return [
    'npm start [-- --board puck|bangle2|pico|mdbt42q] [--engine bundle|core] [--speed N] [--demo]',
    `  on a terminal: space short press, l long press (${PRESS_MS.long / 1000} s), e very long press (${PRESS_MS.veryLong / 1000} s), q quit`,
    '  without a terminal, or with --demo: plays the built-in demo session (as fast as possible unless --speed N)',
  ].join('\n');
}

export function parseSpeed(v: string | true | undefined): number | null {
  if (v === undefined) return null;
  const n = typeof v === 'string' && /^\s*\d*\.?\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!(n > 0) || n > MAX_SPEED) throw new Error(`--speed must be a number above 0 and at most ${MAX_SPEED} (got ${String(v)})`);
  return n;
}

export interface Options {
  board: BoardId;
  engine: EngineName;
  speed: number | null;
  demo: boolean;
  help: boolean;
}

export function parseOptions(argv: string[]): Options {
  const flags = parseFlags(argv, { board: 'value', engine: 'value', speed: 'value', demo: 'flag', help: 'flag' });
  return {
    board: oneOf('board', flags.board, BOARDS, 'puck'),
    engine: oneOf('engine', flags.engine, ENGINES, 'bundle'),
    speed: parseSpeed(flags.speed as string | true | undefined),
    demo: flags.demo === true,
    help: flags.help === true,
  };
}
