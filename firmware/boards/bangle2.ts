import { BoardProfile } from '../board';
import { Config, Status } from '../core/types';

// Bangle.js 2: no LED; the built-in motor through Bangle.buzz (the adapter
// keeps buzzes from queueing); BTN1; the screen shows where the therapist is.
const STATE_LABEL: { [mode: string]: string } = {
  idle: 'Press to start', running: '', paused: 'PAUSED - hold 1s', done: 'Session done',
};

/** Phase name, guidance, pump count and progress through the protocol. */
function showStatus(cfg: Config, st: Status) {
  const phases = cfg.protocol.phases;
  const ph = phases[st.phase];
  const w = g.getWidth();
  g.clear();
  g.setFontAlign(-1, -1);
  g.setFont('6x8', 2);
  g.drawString(st.state === 'running' || st.state === 'paused' ? ph.name : cfg.protocol.name, 4, 4);
  g.setFont('6x8', 1);
  const lines = g.wrapString(ph.guide, w - 8);
  for (let i = 0; i < lines.length && i < 5; i++) g.drawString(lines[i], 4, 26 + i * 10);
  g.setFont('6x8', 3);
  const goal = ph.pumps > 0 ? '/' + ph.pumps : '';
  g.drawString(st.state === 'idle' ? '' : st.n + goal, 4, 86);
  g.setFont('6x8', 1);
  g.drawString(STATE_LABEL[st.state] || 'Step ' + (st.phase + 1) + ' of ' + phases.length, 4, 120);
  // progress: one box per phase, filled up to the current one
  const bw = Math.floor((w - 8) / phases.length);
  for (let i = 0; i < phases.length; i++) {
    const x = 4 + i * bw;
    if (i < st.phase || (i === st.phase && st.state !== 'idle')) g.fillRect(x, 140, x + bw - 3, 150);
    else g.drawRect(x, 140, x + bw - 3, 150);
  }
}

// Declared after showStatus: the interpreter does not hoist function declarations.
export const BANGLE2: BoardProfile = {
  id: 'bangle2', btn: BTN1, btnPressed: true, debounceMs: 25,
  ledPin: null, motorKind: 'bangle', motorPin: VIBRATE, motorFreqHz: 0, show: showStatus,
};
