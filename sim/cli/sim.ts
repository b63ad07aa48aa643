// npm run sim -- --script FILE [--trace FILE] [--svg FILE] [--board B] [--engine bundle|core]
//                [--protocol ID|FILE] [--set key=value]...
// Plays a scenario as fast as the CPU allows and prints a summary, then the
// session log as the pacer recorded it.
import { writeFileSync } from 'fs';
import { formatLog } from '../log-export';
import { runSession } from '../session';
import { formatSummary, summarize } from '../summary';
import { parseFlags } from './args';
import { runCommand, SESSION_FLAGS, sessionFromFlags } from './session-flags';

function main(argv: string[]): number {
  const flags = parseFlags(argv, { ...SESSION_FLAGS, trace: 'value', svg: 'value' });
  if (typeof flags.script !== 'string') throw new Error('--script FILE is required (a scenario: "<seconds> press" or "<seconds> hold <seconds>" per line)');
  // checked before anything runs: a bad scenario, protocol or setting changes nothing
  const options = sessionFromFlags(flags, flags.script);
  const { board, engine } = options;
  const r = runSession(options);
  const summary = summarize(r.events, r.activeEndMs);
  console.log(formatSummary(summary, `${r.env.config.proto.name} (${r.env.config.proto.id}) on ${board}, ${engine} engine, ${options.actions.length} actions`));
  console.log('session log (as the pacer recorded it):');
  console.log(formatLog(r.log, r.env.config.proto));
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

runCommand('sim', main);
