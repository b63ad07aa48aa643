// The built-in demo played on the wall clock at --speed: drawn live on a
// terminal (q stops it), otherwise narrated line by line; the summary follows.
import { demoActions, demoTitle } from '../../demo';
import { ender, Done } from './ender';
import { LiveSession } from './live-session';
import { Options } from './options';
import { Painter } from './painter';
import { renderFrame } from './render';
import { takeTerminal } from './terminal';
import { speedText } from './text';

/** The demo in real time at `speed`: on a terminal drawn live, otherwise narrated line by line. */
export function demoRealtime(o: Options, speed: number, done: Done): void {
  const tty = Boolean(process.stdout.isTTY);
  const live = new LiveSession({ board: o.board, engine: o.engine, speed, narrate: !tty });
  const actions = demoActions();
  live.schedule(actions);
  const last = actions[actions.length - 1];
  const lastUs = (last.atMs + last.heldMs) * 1000;
  const title = `Summary: ${live.protocol.name} on ${o.board}, ${o.engine} engine`;
  const heading = demoTitle(live.protocol, o.board, o.engine, `played at ${speedText(speed)}`);
  const over = () => live.env.clock.nowUs >= lastUs && live.quiet();
  if (tty) {
    const color = !process.env.NO_COLOR;
    let painter: Painter | null = null;
    let stop = () => {};
    const { term, release } = takeTerminal(process.stdin.isTTY ? (keys) => keys.includes('quit') && stop() : null, () => painter?.invalidate());
    painter = new Painter(term);
    const { end, guard } = ender(live, release, done);
    stop = () => end(0, () => `${heading} (stopped early)\n${live.report(title)}`);
    live.driver.start(guard(() => {
      live.follower.update(performance.now());
      painter!.paint(renderFrame(live.model(term.columns(), color, false, `demo at ${speedText(speed)}: q stops it`)));
      if (over()) end(0, () => `${heading}\n${live.report(title, true)}`);
    }));
  } else {
    console.log(heading);
    const { end, guard } = ender(live, () => {}, done);
    live.driver.start(guard(() => {
      for (const l of live.follower.update(performance.now())) console.log(l);
      if (over()) end(0, () => `\n${live.report(title, true)}`);
    }));
  }
}
