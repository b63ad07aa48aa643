// npm start [-- --board B] [--engine bundle|core] [--speed N] [--demo]
//
// The pacer in the terminal, in real time. On a terminal: keys are the button
// (space a short press, l a long press, e a very long press, q quits) and the
// screen shows the LED, the motor, the state, the phase and its guidance, the
// pumps, the time and the last cue, redrawn in place. Without a terminal
// (stdin or stdout not a TTY, CI) or with --demo: the built-in demo session
// (sim/demo.ts) is played to its end, as fast as possible unless --speed
// says how fast, and its progress and summary are printed.
//
// The parts are in sim/cli/interactive/: the keys (keys.ts), the frame's
// model and the trace it follows (frame-model.ts, trace-follower.ts,
// live-session.ts), its drawing (render.ts, styles.ts, text.ts, painter.ts),
// the terminal (terminal.ts), the flags (options.ts), and the two live modes
// (keyboard.ts, demo-realtime.ts) with how they end (ender.ts).
import { runDemo } from '../demo';
import { demoRealtime } from './interactive/demo-realtime';
import { Done } from './interactive/ender';
import { interactive } from './interactive/keyboard';
import { parseOptions, usage } from './interactive/options';

export function main(argv: string[], done: Done): void {
  const o = parseOptions(argv);
  if (o.help) return done(0, usage());
  const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  if (tty && !o.demo) return interactive(o, done);
  if (o.speed !== null) return demoRealtime(o, o.speed, done);
  done(0, runDemo({ engine: o.engine, board: o.board }).lines.join('\n'));
}

if (require.main === module) {
  let finished = false;
  const done: Done = (code, after, error) => {
    if (finished) return;
    finished = true;
    if (error) process.stderr.write(`${error}\n`);
    if (after) process.stdout.write(after.endsWith('\n') ? after : after + '\n');
    process.exitCode = code;
    // nothing of ours is left running; exiting once stdout has drained makes sure no stray handle keeps the process up
    process.stdout.write('', () => process.exit(code));
  };
  try {
    main(process.argv.slice(2), done);
  } catch (e) {
    done(2, undefined, `interactive: ${(e as Error).message}`);
  }
}
