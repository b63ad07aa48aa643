// The session timeline SVG: well-formed, complete, escaped, deterministic and
// bounded in size however long the session.
import { expect } from 'chai';
import { defaultConfig } from '../firmware/config';
import { Protocol } from '../firmware/core/types';
import { parseScenario } from '../sim/scenario';
import { runSession, SessionResult } from '../sim/session';
import { timelineSvg, TimelineOptions } from '../sim/svg';
import { TraceEvent } from '../sim/trace-events';

const PROTOCOL = defaultConfig().proto;

function session(script: string): SessionResult {
  return runSession({ actions: parseScenario(script), engine: 'core' });
}

function svgOf(r: SessionResult, title = 'test'): string {
  return timelineSvg(r.events, { protocol: PROTOCOL, endMs: r.activeEndMs, title });
}

/** Well-formed enough for any XML parser: tags balanced, no stray < > &, one root. */
function checkXml(svg: string): void {
  expect(svg.startsWith('<svg')).to.equal(true);
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>/g;
  let at = 0;
  let roots = 0;
  for (let m = tag.exec(svg); m; m = tag.exec(svg)) {
    const between = svg.slice(at, m.index);
    expect(between, `text before ${m[0]}`).to.not.match(/[<>]/);
    expect(between.replace(/&(amp|lt|gt|quot|#39);/g, ''), 'bare &').to.not.include('&');
    at = m.index + m[0].length;
    const [, close, name, , selfClose] = m;
    if (close) expect(stack.pop(), `closing ${name}`).to.equal(name);
    else if (!selfClose) {
      if (stack.length === 0) roots += 1;
      stack.push(name);
    } else if (stack.length === 0) roots += 1;
  }
  expect(svg.slice(at).trim()).to.equal('');
  expect(stack).to.deep.equal([]);
  expect(roots).to.equal(1);
  const root = svg.slice(0, svg.indexOf('>'));
  expect(root).to.match(/ width="\d+"/);
  expect(root).to.match(/ height="\d+"/);
  expect(root).to.match(/ viewBox="0 0 \d+ \d+"/);
  expect(root).to.include('xmlns="http://www.w3.org/2000/svg"');
}

function count(svg: string, needle: string): number {
  return svg.split(needle).length - 1;
}

/** LED pulses in a trace: each change to a new level above 0 starts one. */
function ledPulses(events: TraceEvent[]): number {
  let level = 0;
  let n = 0;
  for (const e of events) {
    if (e.type !== 'led') continue;
    const v = Number(e.value);
    if (v > 0 && v !== level) n += 1;
    level = v;
  }
  return n;
}

/** A synthetic session: three phases, a pump a second with LED and motor pulses, an accent every 5th, then done. */
function syntheticTrace(hours: number, phaseName = 'Phase'): { events: TraceEvent[]; o: TimelineOptions } {
  const events: TraceEvent[] = [];
  const endPacing = hours * 3600 * 1000;
  const per = endPacing / 3;
  const protocol: Protocol = {
    id: 'synthetic', name: 'Synthetic',
    phases: [0, 1, 2].map((i) => ({ id: `p${i}`, name: `${phaseName} ${i + 1}`, guide: '', ppm: 60, pushMs: 400, targetMs: 60000, pumps: 0 })),
  };
  events.push({ t_ms: 0, type: 'state', value: 'running' });
  for (let i = 0; i < 3; i++) {
    const t0 = i * per;
    events.push({ t_ms: t0, type: 'phase', id: `p${i}`, index: i, name: protocol.phases[i].name });
    events.push({ t_ms: t0, type: 'cue', name: 'phase' });
    let n = 0;
    for (let t = t0 + 1000; t < t0 + per; t += 1000) {
      n += 1;
      const accent = n % 5 === 0;
      if (accent) events.push({ t_ms: t, type: 'cue', name: 'accent' });
      events.push({ t_ms: t, type: 'pump', phase: `p${i}`, n });
      events.push({ t_ms: t, type: 'led', value: 1 }, { t_ms: t, type: 'motor', value: 1 });
      events.push({ t_ms: t + (accent ? 60 : 30), type: 'led', value: 0 }, { t_ms: t + (accent ? 160 : 70), type: 'motor', value: 0 });
    }
  }
  events.push({ t_ms: endPacing, type: 'state', value: 'done' }, { t_ms: endPacing, type: 'cue', name: 'done' });
  events.push({ t_ms: endPacing, type: 'led', value: 1 }, { t_ms: endPacing + 600, type: 'led', value: 0 });
  return { events, o: { protocol, endMs: endPacing + 600, title: `Synthetic ${hours} h` } };
}

describe('timeline SVG', () => {
  const seed = session('0 press\n65 press\n130 press\n');
  const seedSvg = svgOf(seed);

  it('is a well-formed, sized SVG with a title and a legend', () => {
    checkXml(seedSvg);
    expect(seedSvg).to.include('font-family="sans-serif"');
    expect(seedSvg).to.include('>test</text>');
    for (const item of ['LED pulse', 'motor pulse', 'accent pump', 'lead-in beat', 'cue']) expect(seedSvg).to.include(item);
    expect(seedSvg).to.not.match(/<script|<image|@import|href="http/);
  });

  it('labels the three phases with their pump counts', () => {
    for (const p of PROTOCOL.phases) expect(seedSvg).to.include(p.name);
    expect(count(seedSvg, '<g class="phase">')).to.equal(3);
    expect(seedSvg).to.match(/Venous angle<\/tspan> · 6\d pumps/);
    expect(seedSvg).to.include('15 pumps');
  });

  it('numbers the pumps: every 5th and the last of each phase, so "15" ends the counted phase', () => {
    expect(seedSvg).to.match(/>15<\/text>/);
    expect(seedSvg).to.match(/font-weight="bold"[^>]*>15<\/text>/); // last of its phase
    for (const n of [5, 10, 50, 60]) expect(seedSvg).to.match(new RegExp(`>${n}</text>`));
    expect(seedSvg).to.not.match(/>(7|13|14)<\/text>/);
    expect(count(seedSvg, 'class="beat-accent"')).to.equal(1);
  });

  it('draws one LED rect and one motor rect per output pulse in a short session, at least 1 px wide', () => {
    // pulses under a pixel apart (a countdown beat's three taps) are one rect that says how many it holds
    const pulsesIn = (rects: string[]) => rects.reduce((n, r) => n + Number(/data-pulses="(\d+)"/.exec(r)?.[1] ?? 1), 0);
    const leds = seedSvg.match(/<rect class="led"[^>]*>/g) ?? [];
    expect(pulsesIn(leds)).to.equal(ledPulses(seed.events));
    expect(leds.length).to.be.greaterThan(140);
    const motorOn = seed.events.filter((e) => e.type === 'motor' && Number(e.value) > 0).length;
    const motors = seedSvg.match(/<rect class="motor"[^>]*>/g) ?? [];
    expect(pulsesIn(motors)).to.equal(motorOn);
    expect(motors.length).to.be.lessThan(motorOn); // the countdown's taps merged
    for (const r of leds) expect(Number(/width="([\d.]+)"/.exec(r)![1])).to.be.at.least(1);
    // a soft lead-in buzz (0.5) is drawn half as tall as a full one, a countdown tap (0.8) between
    const heights = new Set((seedSvg.match(/<rect class="motor"[^>]*height="([\d.]+)"/g) ?? []).map((r) => /height="([\d.]+)"/.exec(r)![1]));
    expect(heights.size).to.equal(3);
  });

  it('has a time axis in seconds with 10 s ticks for the ~150 s seed session, and gridlines', () => {
    expect(seedSvg).to.include('time (s)');
    for (let s = 0; s <= 150; s += 10) expect(seedSvg, `${s}`).to.include(`>${s}</text>`);
    expect(seedSvg).to.include('class="grid"');
  });

  it('marks the cues: target reached, done, phase changes', () => {
    expect(count(seedSvg, '>target reached</text>')).to.equal(2);
    expect(seedSvg).to.include('>done</text>');
    expect(count(seedSvg, 'class="cue-phase"')).to.equal(3);
  });

  it('annotates how the session ended', () => {
    expect(seedSvg).to.include('done at 149.7 s · LED 0 · motor 0');
    expect(seedSvg).to.not.include('ended early');
  });

  it('shades and labels a pause, and shows none when there was none', () => {
    expect(seedSvg).to.not.include('paused');
    expect(seedSvg).to.not.include('class="pause"');
    const paused = svgOf(session('0 press\n20 hold 1.5\n30 press\n65 press\n130 press\n'));
    checkXml(paused);
    expect(count(paused, '<g class="pause">')).to.equal(1);
    expect(paused).to.include('>paused</text>');
    expect(paused).to.include('1 pause (8.6 s)');
  });

  it('says so when a long press ends the session early', () => {
    const early = svgOf(session('0 press\n40 hold 3.5\n'));
    checkXml(early);
    expect(early).to.include('ended early: 1 of 3 phases');
    expect(count(early, '<g class="phase">')).to.equal(1);
    // a 45 s session gets a finer axis
    for (const s of [0, 5, 10, 45]) expect(early).to.include(`>${s}</text>`);
  });

  it('escapes text: a phase name and a title with < & >', () => {
    const { events, o } = syntheticTrace(0.05, 'A <&> "B"');
    const svg = timelineSvg(events, { ...o, title: 'T & <x>' });
    checkXml(svg);
    expect(svg).to.include('A &lt;&amp;&gt; &quot;B&quot; 1');
    expect(svg).to.include('T &amp; &lt;x&gt;');
    expect(svg).to.not.include('<&>');
    expect(svg).to.not.include('<x>');
  });

  it('is deterministic: the same events give the same string', () => {
    expect(svgOf(seed)).to.equal(seedSvg);
    expect(svgOf(session('0 press\n65 press\n130 press\n'))).to.equal(seedSvg);
    const { events, o } = syntheticTrace(1);
    expect(timelineSvg(events, o)).to.equal(timelineSvg(events.map((e) => ({ ...e })), { ...o }));
  });

  it('keeps an 8-hour session under 1 MB, merging pulses closer than a pixel', () => {
    const { events, o } = syntheticTrace(8);
    expect(events.length).to.be.greaterThan(100_000);
    const svg = timelineSvg(events, o);
    checkXml(svg);
    expect(svg.length).to.be.lessThan(1_000_000);
    expect(count(svg, '<rect class="led"')).to.be.within(1, 2000);
    expect(count(svg, '<rect class="motor"')).to.be.within(1, 2000);
    expect(svg).to.include('pulses under a pixel apart merged');
    for (const s of ['0', '3600', '28800']) expect(svg).to.include(`>${s}</text>`);
    for (const n of [1, 2, 3]) expect(svg).to.include(`Phase ${n}`);
  });

  it('draws something sensible for an empty trace', () => {
    const svg = timelineSvg([], { protocol: PROTOCOL, endMs: 0, title: 'empty' });
    checkXml(svg);
    expect(svg).to.include('never started');
    expect(svg).to.include('time (s)');
  });
});
