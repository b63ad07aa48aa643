// The interactive simulator proper: on a terminal, the keys are the button
// and the frame is redrawn in place until q (the summary follows).
import { ender, Done } from './ender';
import { LiveSession } from './live-session';
import { Options } from './options';
import { Painter } from './painter';
import { renderFrame } from './render';
import { takeTerminal } from './terminal';

/** The interactive simulator: keys are the button, the screen is redrawn in place. */
export function interactive(o: Options, done: Done): void {
  const live = new LiveSession({ board: o.board, engine: o.engine, speed: o.speed ?? 1 });
  const color = !process.env.NO_COLOR;
  const title = `Session so far: ${live.protocol.name} (${live.protocol.id}) on ${o.board}, ${o.engine} engine`;
  let painter: Painter | null = null;
  let note = '';
  let quit = () => {};
  let guard: ReturnType<typeof ender>['guard'] = (fn) => fn;
  const { term, release } = takeTerminal(
    (keys) => guard(() => {
      for (const k of keys) {
        if (k === 'quit') return quit();
        if (k) note = live.press(k) ? '' : 'the button is still held: that key was dropped';
      }
      live.driver.frame(); // show the press at once, not at the next frame
    })(),
    () => painter?.invalidate(),
  );
  painter = new Painter(term);
  const e = ender(live, release, done);
  guard = e.guard;
  quit = () => e.end(0, () => live.report(title));
  live.driver.start(guard(() => {
    live.follower.update(performance.now());
    painter!.paint(renderFrame(live.model(term.columns(), color, true, note)));
  }));
}
