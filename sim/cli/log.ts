// npm run log -- export FILE.csv (--script SCENARIO [--board B] [--engine E] [--protocol P] [--set k=v]... | --dump FILE)
// npm run log -- show (same sources)
// The session log as CSV, one row per phase: from a simulated pacer's Storage
// after playing a scenario, or from the lines `pacer.log()` printed on a real
// pacer's console (saved to a file).
import { readFileSync, writeFileSync } from 'fs';
import { BOARDS } from '../../scripts/boards';
import { ENGINES } from '../env';
import { formatLog, LoggedSession, parseDump, toCsv } from '../log-export';
import { parseScenario } from '../scenario';
import { runSession } from '../session';
import { loadProtocol, parseSettings } from '../setup-input';
import { oneOf, parseFlags } from './args';

const USAGE = 'usage: npm run log -- export FILE.csv | show   (--script SCENARIO [--board B --engine E --protocol P --set k=v] | --dump FILE)';

function sessions(flags: ReturnType<typeof parseFlags>): LoggedSession[] {
  if (typeof flags.dump === 'string') return parseDump(readFileSync(flags.dump, 'utf8'));
  if (typeof flags.script !== 'string') throw new Error(`a source is needed: --script SCENARIO or --dump FILE\n${USAGE}`);
  return runSession({
    actions: parseScenario(readFileSync(flags.script, 'utf8')),
    board: oneOf('board', flags.board, BOARDS, 'puck'),
    engine: oneOf('engine', flags.engine, ENGINES, 'bundle'),
    protocol: typeof flags.protocol === 'string' ? loadProtocol(flags.protocol) : undefined,
    settings: flags.set ? parseSettings(flags.set as string[]) : undefined,
  }).log;
}

function main(argv: string[]): number {
  const [verb, ...rest] = argv;
  if (verb !== 'export' && verb !== 'show') throw new Error(USAGE);
  const file = verb === 'export' ? rest.shift() : undefined;
  if (verb === 'export' && (!file || file.startsWith('--'))) throw new Error(`export needs a file name\n${USAGE}`);
  const flags = parseFlags(rest, { script: 'value', dump: 'value', board: 'value', engine: 'value', protocol: 'value', set: 'list' });
  const log = sessions(flags);
  if (verb === 'show') console.log(formatLog(log));
  else {
    writeFileSync(file as string, toCsv(log));
    const rows = log.reduce((n, s) => n + Math.max(1, s.entry ? s.entry.phases.length : 1), 0);
    console.log(`${file}: ${log.length} sessions, ${rows} rows`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(`log: ${(e as Error).message}`);
  process.exitCode = 2;
}
