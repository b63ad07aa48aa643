// What the simulator commands share: the flags that choose a session (scenario,
// board, engine, protocol, settings), read and validated before anything runs,
// and the way a command ends (its exit code; a one-line error and 2).
import { readFileSync } from 'fs';
import { BOARDS } from '../../boards';
import { ENGINES } from '../env';
import { parseScenario } from '../scenario';
import { SessionOptions } from '../session';
import { loadProtocol, parseSettings } from '../setup-input';
import { Flags, oneOf } from './args';

export const SESSION_FLAGS = { script: 'value', board: 'value', engine: 'value', protocol: 'value', set: 'list' } as const;

/** The session the flags describe; a bad scenario line, protocol or setting throws, naming it. */
export function sessionFromFlags(flags: Flags, script: string): Required<Pick<SessionOptions, 'actions' | 'board' | 'engine'>> & SessionOptions {
  return {
    actions: parseScenario(readFileSync(script, 'utf8')),
    board: oneOf('board', flags.board, BOARDS, 'puck'),
    engine: oneOf('engine', flags.engine, ENGINES, 'bundle'),
    protocol: typeof flags.protocol === 'string' ? loadProtocol(flags.protocol) : undefined,
    settings: flags.set ? parseSettings(flags.set as string[]) : undefined,
  };
}

/** Run a command's main: its return is the exit code; an error is one line on stderr and exit 2. */
export function runCommand(name: string, main: (argv: string[]) => number): void {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`${name}: ${(e as Error).message}`);
    process.exitCode = 2;
  }
}
