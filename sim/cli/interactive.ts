// npm start [-- --board B] [--engine bundle|core] [--speed N] [--demo]
//
// The pacer in the terminal, in real time. On a terminal: keys are the button
// (space a short press, l a long press, e a very long press, q quits) and the
// screen shows the LED, the motor, the state, the phase and its guidance, the
// pumps, the time and the last cue, redrawn in place. Without a terminal
// (stdin or stdout not a TTY, CI) or with --demo: the built-in demo session
// (sim/demo.ts) is played to its end, as fast as possible unless --speed
// says how fast, and its progress and summary are printed.
import { pressHelp } from '../../firmware/core/button-words';
import { LONG_PRESS_MS, VERY_LONG_PRESS_MS } from '../../firmware/core/limits';
import { Mode, Protocol, Status } from '../../firmware/core/types';
import { defaultConfig } from '../../firmware/config';
import { BoardId, BOARDS } from '../../boards';
import { demoActions, demoTitle, ProgressNarrator, runDemo } from '../demo';
import { Engine, EngineName, ENGINES, SimEnv } from '../env';
import { HARDWARE } from '../hardware';
import { MAX_SPEED, RealtimeDriver, RealtimeOptions } from '../realtime';
import { Action, SHORT_PRESS_MS } from '../scenario';
import { createEngine, loggedSessions, scheduleActions } from '../session';
import { formatSummary, summarize } from '../summary';
import { formatLog } from '../log-export';
import { TraceReader } from '../trace-reader';
import { oneOf, parseFlags } from './args';

// ---- keys ------------------------------------------------------------------

export type PressKind = 'short' | 'long' | 'veryLong';

/** How long each key holds the button down (virtual ms): half a second past each threshold of the button table. */
export const PRESS_MS: Record<PressKind, number> = { short: SHORT_PRESS_MS, long: LONG_PRESS_MS + 500, veryLong: VERY_LONG_PRESS_MS + 500 };
const PRESS_LABEL: Record<PressKind, string> = { short: 'short press', long: 'long press', veryLong: 'very long press' };

export type KeyAction = PressKind | 'quit' | null;

export function keyAction(ch: string): KeyAction {
  if (ch === ' ') return 'short';
  if (ch === 'l' || ch === 'L') return 'long';
  if (ch === 'e' || ch === 'E') return 'veryLong';
  if (ch === 'q' || ch === 'Q' || ch === '\u0003' || ch === '\u0004') return 'quit';
  return null;
}

/** Keys in one chunk of raw stdin; escape sequences (arrows, function keys) are dropped whole. */
export function keysIn(chunk: string): KeyAction[] {
  const out: KeyAction[] = [];
  const plain = chunk.replace(/\u001b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/g, '');
  for (const ch of plain) {
    const a = keyAction(ch);
    if (a) out.push(a);
  }
  return out;
}

/** The key of each press class, in the button table's order (firmware/core/buttons.ts). */
const PRESS_KEYS = ['space', 'l', 'e'];

// ---- the frame -------------------------------------------------------------

export interface FrameModel {
  /** The first line: what runs where. */
  title: string;
  /** Virtual seconds per wall second. */
  speed: number;
  hasLed: boolean;
  /** The LED as shown: lit, or lit a moment ago (flashes are latched). */
  led: boolean;
  /** Its colour: green paces; yellow (red + green) and red speak of the battery. */
  ledColor?: 'green' | 'yellow' | 'red';
  /** The motor as shown, 0..1 (latched like the LED). */
  motor: number;
  state: Mode;
  /** 0-based index of the phase, and the protocol's phase count. */
  phase: number;
  phaseCount: number;
  phaseName: string;
  guide: string;
  /** > 0: a counted phase of this many pumps. */
  phasePumps: number;
  /** > 0: a timed phase with this target. */
  targetMs: number;
  targetHit: boolean;
  /** The phase's named positions ([] when it has none) and the one the hands are at. */
  positions: string[];
  pos: number;
  /** > 0: a counted phase's last this many pumps are counted down. */
  countdown: number;
  /** Pumps so far in this phase. */
  n: number;
  /** Time since the session started (pauses included), frozen when it ends. */
  elapsedMs: number;
  /** The virtual clock. */
  clockMs: number;
  /** The cue playing or last played ('' before the first). */
  cue: string;
  /** The button: null when up, else what is being held and for how long so far. */
  held: { kind: PressKind; ms: number } | null;
  /** Bangle.js 2: the text on the watch's screen. */
  screen: string | null;
  /** Show the key help (false while a demo plays by itself). */
  keys: boolean;
  /** One line under everything, e.g. "demo at 20x". */
  note: string;
  width: number;
  color: boolean;
}

type Seg = [text: string, style?: string];

const STYLE = {
  bold: '1',
  dim: '2',
  green: '1;32',
  yellow: '1;33',
  cyan: '1;36',
  red: '1;31',
  inverse: '7',
} as const;

/** One line from styled segments, cut to `width` visible characters. */
function line(segs: Seg[], width: number, color: boolean): string {
  let out = '';
  let room = Math.max(1, width);
  for (const [text, style] of segs) {
    if (room <= 0) break;
    const chars = [...text];
    const t = chars.length > room ? chars.slice(0, room).join('') : text;
    room -= Math.min(chars.length, room);
    out += color && style ? `\u001b[${style}m${t}\u001b[0m` : t;
  }
  return out;
}

/** Words into lines of at most `width` characters (a word longer than that is cut). */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const w = Math.max(8, width);
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (cur && cur.length + 1 + word.length > w) {
      out.push(cur);
      cur = word;
    } else cur = cur ? `${cur} ${word}` : word;
  }
  if (cur) out.push(cur);
  if (out.length > maxLines) {
    out.length = maxLines;
    out[maxLines - 1] = out[maxLines - 1].slice(0, w - 1) + '…';
  }
  return out.map((l) => (l.length > w ? l.slice(0, w - 1) + '…' : l));
}

export function mmss(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function speedText(speed: number): string {
  return `${Number.isInteger(speed) ? speed : speed.toFixed(2).replace(/0+$/, '')}x`;
}

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

/** The escape codes that turn the frame on screen (`prev`, its rows) into `next`, rewriting only changed rows. */
export function diffFrame(prev: string[] | null, next: string[]): string {
  let out = '';
  if (prev === null) out += '\u001b[H\u001b[2J';
  const old = prev ?? [];
  next.forEach((row, i) => {
    if (old[i] !== row) out += `\u001b[${i + 1};1H${row}\u001b[K`;
  });
  if (old.length > next.length) out += `\u001b[${next.length + 1};1H\u001b[J`;
  return out;
}

// ---- following the trace -----------------------------------------------------

/** How long a lit LED (or running motor) stays on screen after its on-edge, in wall ms: a 30 ms flash is one frame at best. */
export const LATCH_MS = 80;

/**
 * Reads the trace as it grows: latches output on-edges for the eye, and keeps
 * what the status alone does not say (when the session started and ended,
 * whether the target was reached, the Bangle's screen).
 */
export class TraceFollower {
  private next = 0;
  ledUntilMs = -Infinity;
  redUntilMs = -Infinity;
  motorUntilMs = -Infinity;
  motorShown = 0;
  targetHit = false;
  /** When the events being read are seen (wall ms). */
  private wallMs = 0;
  private readonly reader = new TraceReader({
    onOutput: (e) => {
      if (e.value <= 0) return;
      if (e.type === 'led') this.ledUntilMs = this.wallMs + LATCH_MS;
      else if (e.type === 'led_red') this.redUntilMs = this.wallMs + LATCH_MS;
      else {
        this.motorUntilMs = this.wallMs + LATCH_MS;
        this.motorShown = e.value;
      }
    },
    onPhase: () => {
      this.targetHit = false;
    },
    onCue: (e) => {
      if (e.name === 'target') this.targetHit = true;
    },
  });

  constructor(private readonly env: SimEnv, private readonly narrator: ProgressNarrator | null = null) {}

  /** The Bangle.js 2 screen's text as last drawn (null: none yet). */
  get screen(): string | null {
    return this.reader.screen;
  }

  /** Take in the events since the last call; `wallMs` is when the eye sees them. Returns the narrator's lines. */
  update(wallMs: number): string[] {
    const said: string[] = [];
    const events = this.env.trace.events;
    this.wallMs = wallMs;
    for (; this.next < events.length; this.next++) {
      const e = events[this.next];
      this.reader.read(e);
      if (this.narrator) said.push(...this.narrator.lines(e));
    }
    return said;
  }

  led(wallMs: number): boolean {
    return this.green(wallMs) || this.red(wallMs);
  }

  ledColor(wallMs: number): 'green' | 'yellow' | 'red' {
    const g = this.green(wallMs);
    return this.red(wallMs) ? (g ? 'yellow' : 'red') : 'green';
  }

  private green(wallMs: number): boolean {
    return this.env.board.level.led > 0 || wallMs < this.ledUntilMs;
  }

  private red(wallMs: number): boolean {
    return this.env.board.level.led_red > 0 || wallMs < this.redUntilMs;
  }

  motor(wallMs: number): number {
    if (this.env.board.level.motor > 0) return this.env.board.level.motor;
    return wallMs < this.motorUntilMs ? this.motorShown : 0;
  }

  elapsedMs(nowMs: number): number {
    return this.reader.elapsedMs(nowMs);
  }
}

// ---- a live session ----------------------------------------------------------

/** Between the release of one key's press and the next press: well past the 25 ms debounce. */
export const PRESS_GAP_MS = 60;

export interface LiveOptions {
  board: BoardId;
  engine: EngineName;
  speed: number;
  realtime?: Omit<RealtimeOptions, 'speed'>;
  narrate?: boolean;
}

/** An engine on the virtual clock, the clock on the wall clock, and the button on the keys. */
export class LiveSession {
  readonly env = new SimEnv(defaultConfig());
  readonly engine: Engine;
  readonly driver: RealtimeDriver;
  readonly follower: TraceFollower;
  readonly protocol: Protocol;
  private wallNow: () => number;
  /** The press being held: what and until when (virtual µs); the next may start at `freeAtUs`. */
  private holding: { kind: PressKind; downUs: number; upUs: number } | null = null;
  private freeAtUs = 0;

  constructor(readonly opts: LiveOptions) {
    this.engine = createEngine(this.env, opts.engine, opts.board);
    this.driver = new RealtimeDriver(this.env.clock, { ...opts.realtime, speed: opts.speed });
    this.protocol = this.env.config.proto;
    this.follower = new TraceFollower(this.env, opts.narrate ? new ProgressNarrator(this.protocol) : null);
    this.wallNow = opts.realtime?.now ?? (() => performance.now());
  }

  status(): Status {
    return this.engine.status();
  }

  /** A key was pressed: the button goes down now (virtual time caught up with the wall) and up `PRESS_MS` later. */
  press(kind: PressKind): boolean {
    this.driver.sync();
    const clock = this.env.clock;
    const now = clock.nowUs;
    if (now < this.freeAtUs) return false; // still held, or just released: this key is dropped
    const upUs = now + PRESS_MS[kind] * 1000;
    this.holding = { kind, downUs: now, upUs };
    this.freeAtUs = upUs + PRESS_GAP_MS * 1000;
    clock.at(now, () => this.engine.button(true));
    clock.at(upUs, () => this.engine.button(false));
    clock.runUntil(now);
    return true;
  }

  /** Script presses (the demo) on the clock, from virtual time 0. */
  schedule(actions: Action[]): void {
    scheduleActions(this.env, this.engine, actions);
  }

  model(width: number, color: boolean, keys: boolean, note = ''): FrameModel {
    const wall = this.wallNow();
    const st = this.status();
    const clockUs = this.env.clock.nowUs;
    if (this.holding && clockUs >= this.holding.upUs) this.holding = null;
    const ph = this.protocol.phases[st.phase] ?? this.protocol.phases[0];
    return {
      title: `${this.protocol.name} · ${this.opts.board} · ${this.opts.engine} engine`,
      speed: this.opts.speed,
      hasLed: HARDWARE[this.opts.board].ledPin !== null,
      led: this.follower.led(wall),
      ledColor: this.follower.ledColor(wall),
      motor: this.follower.motor(wall),
      state: st.state,
      phase: st.phase,
      phaseCount: this.protocol.phases.length,
      phaseName: ph.name,
      guide: ph.guide,
      phasePumps: ph.pumps,
      targetMs: ph.targetMs,
      targetHit: this.follower.targetHit,
      positions: ph.positions ?? [],
      pos: st.pos,
      countdown: ph.countdown ?? 0,
      n: st.n,
      elapsedMs: this.follower.elapsedMs(clockUs / 1000),
      clockMs: clockUs / 1000,
      cue: st.cue,
      held: this.holding ? { kind: this.holding.kind, ms: (clockUs - this.holding.downUs) / 1000 } : null,
      screen: HARDWARE[this.opts.board].bangle ? this.follower.screen ?? '' : null,
      keys,
      note,
      width,
      color,
    };
  }

  /** Nothing more will happen by itself: the queue is empty and the button is up. */
  quiet(): boolean {
    return this.env.clock.nextUs() === null;
  }

  /** The summary of the trace so far; `ended`: the session ran out by itself, so it ends at its last event, as runSession's does. */
  summary(title: string, ended = false): string {
    const events = this.env.trace.events;
    const endMs = ended && events.length ? events[events.length - 1].t_ms : this.env.clock.nowUs / 1000;
    return formatSummary(summarize(events, endMs), title);
  }

  /** The summary, then the session log as the pacer itself recorded it (as npm run sim prints). */
  report(title: string, ended = false): string {
    return `${this.summary(title, ended)}\nsession log (as the pacer recorded it):\n${formatLog(loggedSessions(this.engine), this.protocol)}`;
  }
}

// ---- the terminal --------------------------------------------------------------

const ESC = {
  enter: '\u001b[?1049h\u001b[?25l\u001b[H\u001b[2J',
  leave: '\u001b[0m\u001b[?25h\u001b[?1049l',
};

interface Term {
  write(s: string): void;
  columns(): number;
}

class Painter {
  private prev: string[] | null = null;

  constructor(private readonly term: Term) {}

  paint(frame: string): void {
    const rows = frame.split('\n');
    const codes = diffFrame(this.prev, rows);
    this.prev = rows;
    if (codes) this.term.write(codes);
  }

  invalidate(): void {
    this.prev = null;
  }
}

function usage(): string {
  return [
    'npm start [-- --board puck|bangle2|pico|mdbt42q] [--engine bundle|core] [--speed N] [--demo]',
    `  on a terminal: space short press, l long press (${PRESS_MS.long / 1000} s), e very long press (${PRESS_MS.veryLong / 1000} s), q quit`,
    '  without a terminal, or with --demo: plays the built-in demo session (as fast as possible unless --speed N)',
  ].join('\n');
}

export function parseSpeed(v: string | true | undefined): number | null {
  if (v === undefined) return null;
  const n = typeof v === 'string' && /^\s*\d*\.?\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!(n > 0) || n > MAX_SPEED) throw new Error(`--speed must be a number above 0 and at most ${MAX_SPEED} (got ${String(v)})`);
  return n;
}

interface Options {
  board: BoardId;
  engine: EngineName;
  speed: number | null;
  demo: boolean;
  help: boolean;
}

export function parseOptions(argv: string[]): Options {
  const flags = parseFlags(argv, { board: 'value', engine: 'value', speed: 'value', demo: 'flag', help: 'flag' });
  return {
    board: oneOf('board', flags.board, BOARDS, 'puck'),
    engine: oneOf('engine', flags.engine, ENGINES, 'bundle'),
    speed: parseSpeed(flags.speed as string | true | undefined),
    demo: flags.demo === true,
    help: flags.help === true,
  };
}

/** How the program ends: the exit code, what to print on stdout, what on stderr. */
type Done = (code: number, after?: string, error?: string) => void;

/** Take over the terminal; give it back exactly once, however the program ends. */
function takeTerminal(onKeys: ((keys: KeyAction[]) => void) | null, onResize: () => void): { term: Term; release: () => void } {
  const out = process.stdout;
  const stdin = process.stdin;
  let released = false;
  const term: Term = { write: (s) => out.write(s), columns: () => out.columns || 80 };
  const onData = (chunk: Buffer | string) => onKeys?.(keysIn(chunk.toString()));
  const release = () => {
    if (released) return;
    released = true;
    out.off('resize', onResize);
    if (stdin.isTTY) {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
    }
    out.write(ESC.leave);
  };
  // an error or a signal must still give the terminal back
  process.once('exit', release);
  out.write(ESC.enter);
  out.on('resize', onResize);
  if (stdin.isTTY && onKeys) {
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  }
  return { term, release };
}

/**
 * The end of a live run, reached once: the frame loop stops, the terminal is
 * given back, then the program ends. `guard` wraps host callbacks so that an
 * error inside one (the engine threw) ends the run the same way, exit code 2.
 */
function ender(live: LiveSession, release: () => void, done: Done) {
  let ended = false;
  const end = (code: number, after?: () => string, error?: string) => {
    if (ended) return;
    ended = true;
    live.driver.stop();
    release();
    let text: string | undefined;
    try {
      text = after?.();
    } catch (e) {
      return done(2, undefined, `interactive: ${(e as Error).message}`);
    }
    done(code, text, error);
  };
  const guard = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A): void => {
    try {
      fn(...args);
    } catch (e) {
      end(2, undefined, `interactive: ${(e as Error).message}`);
    }
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(sig, () => end(0, () => live.report('Stopped: session so far')));
  return { end, guard };
}

/** The interactive simulator: keys are the button, the screen is redrawn in place. */
function interactive(o: Options, done: Done): void {
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

/** The demo in real time at `speed`: on a terminal drawn live, otherwise narrated line by line. */
function demoRealtime(o: Options, speed: number, done: Done): void {
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
