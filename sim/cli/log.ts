// npm run log -- export FILE.csv (--script SCENARIO [--board B] [--engine E] [--protocol P] [--set k=v]... | --dump FILE)
// npm run log -- show (same sources)
// The session log as CSV, one row per phase: from a simulated pacer's Storage
// after playing a scenario, or from the lines `pacer.log()` printed on a real
// pacer's console (saved to a file).
import { readFileSync, writeFileSync } from 'fs';
import { Protocol } from '../../firmware/core/types';
import { formatLog, LoggedSession, parseDump, toCsv } from '../log-export';
import { runSession } from '../session';
import { parseFlags } from './args';
import { runCommand, SESSION_FLAGS, sessionFromFlags } from './session-flags';

const USAGE = 'usage: npm run log -- export FILE.csv | show   (--script SCENARIO [--board B --engine E --protocol P --set k=v] | --dump FILE)';

/** The logged sessions, and the protocol they ran (for phase ids) when it is known. */
function sessions(flags: ReturnType<typeof parseFlags>): { log: LoggedSession[]; protocol?: Protocol } {
  if (typeof flags.dump === 'string') return { log: parseDump(readFileSync(flags.dump, 'utf8')) };
  if (typeof flags.script !== 'string') throw new Error(`a source is needed: --script SCENARIO or --dump FILE\n${USAGE}`);
  const options = sessionFromFlags(flags, flags.script);
  return { log: runSession(options).log, protocol: options.protocol };
}

function main(argv: string[]): number {
  const [verb, ...rest] = argv;
  if (verb !== 'export' && verb !== 'show') throw new Error(USAGE);
  const file = verb === 'export' ? rest.shift() : undefined;
  if (verb === 'export' && (!file || file.startsWith('--'))) throw new Error(`export needs a file name\n${USAGE}`);
  const flags = parseFlags(rest, { ...SESSION_FLAGS, dump: 'value' });
  const { log, protocol } = sessions(flags);
  if (verb === 'show') console.log(formatLog(log, protocol));
  else {
    writeFileSync(file as string, toCsv(log, protocol));
    const rows = log.reduce((n, s) => n + Math.max(1, s.entry ? s.entry.phases.length : 1), 0);
    console.log(`${file}: ${log.length} sessions, ${rows} rows`);
  }
  return 0;
}

runCommand('log', main);
