// The frame drawn as text: the LED and motor, the state, the phase and its
// guidance, the pumps, the position, the time, the last cue, the button, the
// Bangle's screen and the key help, row by row.
import { pressHelp } from '../../../firmware/core/button-words';
import { FrameModel } from './frame-model';
import { PRESS_KEYS, PRESS_LABEL, PRESS_MS } from './keys';
import { line, Seg, STYLE } from './styles';
import { mmss, speedText, wrap } from './text';

const LABEL = 10;
const label = (s: string): Seg => [s.padEnd(LABEL), STYLE.dim];

/** The whole screen as text: one string, lines joined by \n, no cursor movement. Pure. */
export function renderFrame(m: FrameModel): string {
  const W = Math.max(20, m.width - 1);
  const L = (...segs: Seg[]) => line(segs, W, m.color);
  const rows: string[] = [];

  const clock = `${mmss(m.clockMs)}.${Math.floor((m.clockMs % 1000) / 100)}`;
  rows.push(L([' Drainage pacer ', STYLE.inverse], [`  ${clock}`, STYLE.dim], [`  ${m.title} · ${speedText(m.speed)}`]));
  rows.push('');

  // the big LED: a filled disc when lit, a ring when off (so it reads without colour too)
  const ledOn = m.hasLed && m.led;
  const art = ledOn ? [' ▄██▄ ', ' ▀██▀ '] : [' ▄▀▀▄ ', ' ▀▄▄▀ '];
  const color = m.ledColor ?? 'green';
  const ledStyle = ledOn ? STYLE[color] : STYLE.dim;
  const ledText: Seg[] = !m.hasLed
    ? [['LED    ', STYLE.dim], ['—  none on this board', STYLE.dim]]
    : ledOn
      ? [['LED    '], [color === 'green' ? '●  ON' : `●  ON ${color}`, STYLE[color]]]
      : [['LED    ', STYLE.dim], ['○  off', STYLE.dim]];
  const motorOn = m.motor > 0;
  const motorText: Seg[] = motorOn
    ? [['MOTOR  '], [`≋≋≋ BUZZ${m.motor < 1 ? ` ${Math.round(m.motor * 100)}%` : ''}`, STYLE.yellow]]
    : [['MOTOR  ', STYLE.dim], ['··· still', STYLE.dim]];
  rows.push(L(['  '], [m.hasLed ? art[0] : '      ', ledStyle], ['    '], ...ledText));
  rows.push(L(['  '], [m.hasLed ? art[1] : '      ', ledStyle], ['    '], ...motorText));
  rows.push('');

  const stateStyle = { idle: STYLE.dim, running: STYLE.cyan, paused: STYLE.yellow, done: STYLE.green, setup: STYLE.yellow }[m.state];
  const stateNote =
    m.state === 'paused' ? '  (pacing stopped; a press resumes)'
    : m.state === 'done' ? '  (session over)'
    : m.state === 'setup' ? '  (battery level, or tap the rhythm: a long press keeps it)'
    : '';
  rows.push(L(label('State'), [m.state.toUpperCase(), stateStyle], [stateNote, STYLE.dim]));

  const phaseTag = `${m.phase + 1}/${m.phaseCount} ${m.phaseName}`;
  if (m.state === 'idle') rows.push(L(label('Phase'), ['—', STYLE.dim], [`  next: ${phaseTag}`, STYLE.dim]));
  else rows.push(L(label('Phase'), [phaseTag, STYLE.bold]));
  for (const g of wrap(m.guide, W - LABEL, 2)) rows.push(L([''.padEnd(LABEL)], [g, m.state === 'idle' ? STYLE.dim : undefined]));

  const pumps: Seg[] = [label('Pumps'), [String(m.state === 'idle' ? 0 : m.n), STYLE.bold]];
  if (m.phasePumps > 0) {
    pumps.push([`/${m.phasePumps}`, STYLE.bold]);
    const left = m.phasePumps - m.n;
    if (m.countdown > 0 && m.state !== 'idle' && left < m.countdown) pumps.push([`   counting down: ${left === 0 ? 'last pump' : `${left} to go`}`, STYLE.red]);
    else if (m.countdown > 0) pumps.push([`   the last ${m.countdown} counted down`, STYLE.dim]);
  }
  else if (m.targetMs > 0) pumps.push([`   target ${mmss(m.targetMs)} of pacing`, STYLE.dim], m.targetHit ? [' ✓ reached', STYLE.green] : ['']);
  rows.push(L(...pumps));
  if (m.positions.length) {
    // where the hands are: the current position bold, the others dim, in working order
    const segs: Seg[] = [label('Position')];
    m.positions.forEach((p, i) => {
      if (i) segs.push([' › ', STYLE.dim]);
      const here = m.state !== 'idle' && i === m.pos;
      segs.push([here ? p.toUpperCase() : p, here ? STYLE.bold : STYLE.dim]);
    });
    rows.push(L(...segs));
  }
  rows.push(L(label('Elapsed'), [mmss(m.elapsedMs), STYLE.bold]));
  rows.push(L(label('Last cue'), m.cue ? [m.cue, m.cue === 'pump' ? undefined : STYLE.bold] : ['—', STYLE.dim]));
  rows.push(L(label('Button'), m.held ? [`DOWN  ${PRESS_LABEL[m.held.kind]} ${(m.held.ms / 1000).toFixed(1)}/${(PRESS_MS[m.held.kind] / 1000).toFixed(1)} s`, STYLE.yellow] : ['up', STYLE.dim]));
  if (m.screen !== null) {
    const shown = wrap(m.screen || '(blank)', W - LABEL, 2);
    shown.forEach((s, i) => rows.push(L(i ? [''.padEnd(LABEL)] : label('Screen'), [s])));
  }
  rows.push('');
  if (m.keys) {
    rows.push(L([' space ', STYLE.inverse], [' press  '], [' l ', STYLE.inverse], [` long ${PRESS_MS.long / 1000} s  `], [' e ', STYLE.inverse], [` very long ${PRESS_MS.veryLong / 1000} s  `], [' q ', STYLE.inverse], [' quit']));
    rows.push(L(['now: ', STYLE.dim], [pressHelp(m.state, m.phase + 1 >= m.phaseCount, PRESS_KEYS)]));
  }
  if (m.note) rows.push(L([m.note, STYLE.dim]));
  return rows.join('\n');
}
