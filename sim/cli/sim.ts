// npm run sim -- --script FILE [--trace FILE] [--svg FILE] [--board B] [--engine bundle|core]
//                [--protocol ID|FILE] [--set key=value]...
// Plays a scenario as fast as the CPU allows and prints a summary, then the
// session log as the pacer recorded it.
import { readFileSync, writeFileSync } from 'fs';
import { BOARDS } from '../../scripts/boards';
import { ENGINES } from '../env';
import { parseScenario } from '../scenario';
import { runSession } from '../session';
import { formatSummary, summarize } from '../summary';
import { oneOf, parseFlags } from './args';
import { formatLog } from '../log-export';
import { loadProtocol, parseSettings } from '../setup-input';

function main(argv: string[]): number {
  const flags = parseFlags(argv, {
    script: 'value', trace: 'value', svg: 'value', board: 'value', engine: 'value', protocol: 'value', set: 'list',
  });
  if (typeof flags.script !== 'string') throw new Error('--script FILE is required (a scenario: "<seconds> press" or "<seconds> hold <seconds>" per line)');
  const board = oneOf('board', flags.board, BOARDS, 'puck');
  const engine = oneOf('engine', flags.engine, ENGINES, 'bundle');
  const actions = parseScenario(readFileSync(flags.script, 'utf8'));
  // checked before anything runs: a bad protocol or setting changes nothing
  const protocol = typeof flags.protocol === 'string' ? loadProtocol(flags.protocol) : undefined;
  const settings = flags.set ? parseSettings(flags.set as string[]) : undefined;
  const r = runSession({ actions, engine, board, protocol, settings });
  const summary = summarize(r.events, r.activeEndMs);
  console.log(formatSummary(summary, `${r.env.config.proto.name} (${r.env.config.proto.id}) on ${board}, ${engine} engine, ${actions.length} actions`));
  console.log('session log (as the pacer recorded it):');
  console.log(formatLog(r.log));
  if (typeof flags.trace === 'string') {
    writeFileSync(flags.trace, r.jsonl);
    console.log(`trace: ${flags.trace} (${r.events.length} events)`);
  }
  if (typeof flags.svg === 'string') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { timelineSvg } = require('../svg') as typeof import('../svg');
    writeFileSync(flags.svg, timelineSvg(r.events, { protocol: r.env.config.proto, endMs: r.activeEndMs, title: `${r.env.config.proto.name} - ${board}, ${engine} engine` }));
    console.log(`timeline: ${flags.svg}`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(`sim: ${(e as Error).message}`);
  process.exitCode = 2;
}
