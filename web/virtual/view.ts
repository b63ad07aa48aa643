// Draws the virtual pacer: the Puck.js LED (its exact level in data-level,
// a glow held a little longer so the eye catches a 30 ms flash), the motor
// (the Puck shakes while it runs), the state, phase, guidance, pumps,
// elapsed time, and the timeline. The button: pointer down is the button
// going down, pointer up is it coming up, so the hold time is the press
// length the firmware classifies (a click is held to a deliberate tap).
import { Protocol } from '../../firmware/core/types';
import { drawTimeline } from './timeline';
import { VirtualPacer } from './pacer';

/** Wall ms a flash or buzz stays visible after it ends. */
const LATCH_MS = 120;

const $ = (id: string) => document.getElementById(id) as HTMLElement;

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function describePhase(p: Protocol, i: number): string {
  const ph = p.phases[i];
  return `${i + 1} of ${p.phases.length}: ${ph.name || ph.id}`;
}

function holdText(ms: number): string {
  const kind = ms >= 3000 ? 'very long press: ends the session' : ms >= 1000 ? 'long press: pause or resume' : 'short press';
  return `held ${(ms / 1000).toFixed(1)} s: ${kind}`;
}

export class VirtualView {
  private ledUntil = 0;
  private buzzUntil = 0;
  private lastCue = -1;

  constructor(private pacer: VirtualPacer) {}

  use(pacer: VirtualPacer): void {
    this.pacer = pacer;
    this.lastCue = -1;
  }

  render(): void {
    const vp = this.pacer;
    const wall = performance.now();
    const out = vp.levels();
    const st = vp.status();
    const led = $('v-led');
    const glow = $('v-led-glow');
    const lit = out.led > 0 || out.red > 0;
    const color = out.red > 0 ? (out.led > 0 ? 'yellow' : 'red') : 'green';
    if (lit) this.ledUntil = wall + LATCH_MS;
    led.dataset.level = String(Math.max(out.led, out.red));
    led.dataset.color = color;
    const shown = lit || wall < this.ledUntil;
    led.classList.toggle('lit', shown);
    glow.setAttribute('class', `led-glow${shown ? ` lit ${color}` : ''}`);
    if (out.motor > 0) this.buzzUntil = wall + LATCH_MS;
    const motor = $('v-motor');
    motor.dataset.level = String(out.motor);
    motor.classList.toggle('on', out.motor > 0 || wall < this.buzzUntil);
    $('v-puck').classList.toggle('buzz', out.motor > 0 || wall < this.buzzUntil);

    const p = vp.protocol;
    const active = st.state === 'running' || st.state === 'paused';
    $('v-state').textContent = st.state;
    $('v-phase').textContent = active ? describePhase(p, st.phase) : st.state === 'done' ? 'session over' : '–';
    $('v-phase').dataset.index = String(active ? st.phase : -1);
    $('v-guide').textContent = active ? p.phases[st.phase].guide || '–' : st.state === 'idle' ? 'Press the button to start.' : '–';
    const ph = p.phases[st.phase];
    $('v-pumps').textContent = active ? (ph.pumps > 0 ? `${st.n} of ${ph.pumps}` : `${st.n} (target ${Math.round(ph.targetMs / 1000)} s)`) : String(st.n);
    $('v-pumps').dataset.n = String(st.n);
    $('v-elapsed').textContent = clock(vp.elapsedMs());
    if (st.cueCount !== this.lastCue && st.cue) $('v-cue').textContent = st.cue;
    this.lastCue = st.cueCount;
    const held = vp.buttonHeldMs;
    $('v-hold').textContent = held === null ? '' : holdText(held);
    drawTimeline($('v-timeline') as HTMLCanvasElement, vp.events(), vp.nowUs / 1000);
  }
}
