// The Bangle.js 2 screen: where the therapist is in the treatment, readable at
// a glance. Only the Bangle.js 2 bundle contains it (BOARD_SCREEN).
import { Config, Status } from './core/types';

const STATE_LABEL: { [mode: string]: string } = {
  idle: 'Press to start', running: '', paused: 'PAUSED - hold 1s', done: 'Session done',
  setup: 'Setup: battery or tap tempo',
};

/** Phase name, guidance, pump count and progress through the protocol. */
export function showStatus(cfg: Config, st: Status) {
  const phases = cfg.proto.phases;
  const ph = phases[st.phase];
  const w = g.getWidth();
  g.clear();
  g.setFontAlign(-1, -1);
  g.setFont('6x8', 2);
  g.drawString(st.state === 'running' || st.state === 'paused' ? ph.name : cfg.proto.name, 4, 4);
  g.setFont('6x8', 1);
  const lines = g.wrapString(ph.guide, w - 8);
  for (let i = 0; i < lines.length && i < 5; i++) g.drawString(lines[i], 4, 26 + i * 10);
  g.setFont('6x8', 3);
  const goal = ph.pumps > 0 ? '/' + ph.pumps : '';
  const on = st.state === 'running' || st.state === 'paused';
  g.drawString(st.state === 'idle' ? '' : st.n + goal, 4, 86);
  // right of the count: where the hands are (the water wheel's front, side, back), and the close's countdown
  g.setFont('6x8', 2);
  g.setFontAlign(1, -1);
  if (on && ph.positions) g.drawString(ph.positions[st.pos], w - 4, 86);
  const left = ph.pumps - st.n;
  if (on && ph.countdown! > 0 && left < ph.countdown!) g.drawString(left > 0 ? left + ' to go' : 'last', w - 4, 104);
  g.setFontAlign(-1, -1);
  g.setFont('6x8', 1);
  g.drawString(STATE_LABEL[st.state] || 'Step ' + (st.phase + 1) + ' of ' + phases.length, 4, 120);
  // progress: one box per phase, filled up to the current one
  const bw = Math.floor((w - 8) / phases.length);
  for (let i = 0; i < phases.length; i++) {
    const x = 4 + i * bw;
    if (i < st.phase || (i === st.phase && st.state !== 'idle')) g.fillRect(x, 140, x + bw - 3, 150);
    else g.drawRect(x, 140, x + bw - 3, 150);
  }
  if (st.batt >= 0) g.drawString('Battery ' + st.batt + '%', 4, 158);
}
