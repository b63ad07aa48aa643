// The phase editor's model: a protocol as the therapist is typing it. Every
// field is kept as the text typed (a half-typed "1." or a wrong "abc" must
// stay in its field, for the validator to name), and turned into the
// protocol format (firmware/core/types.ts) only when it is checked or sent.
// No DOM here: the page (editor.ts) and the tests both use it.
import { Phase, Protocol } from '../../firmware/core/types';

export type End = 'timed' | 'counted';

export interface PhaseDraft {
  id: string;
  /** The id follows the name (its slug) until the therapist types an id of their own. */
  idAuto: boolean;
  name: string;
  guide: string;
  end: End;
  /** Timed: minutes ("1", "0.5", or "1:30" for m:ss). Kept when the end is switched, so switching back loses nothing. */
  minutes: string;
  /** Counted: pumps. */
  pumps: string;
  /** Empty: "the setting". */
  ppm: string;
  /** Empty: "the setting". */
  pushMs: string;
  /** 0 names: no positions. */
  positions: string[];
  /** Empty: no countdown. */
  countdown: string;
  /** Keys the editor has no field for (from a file or the JSON), kept so they are not lost (the validator names them). */
  extra: Record<string, unknown>;
}

export interface ProtocolDraft {
  id: string;
  idAuto: boolean;
  name: string;
  phases: PhaseDraft[];
  /** Keys with no field (cues, unknown ones), kept as they came. */
  extra: Record<string, unknown>;
}

const PHASE_KEYS = ['id', 'name', 'guide', 'ppm', 'pushMs', 'targetMs', 'pumps', 'positions', 'countdown'];
const PROTOCOL_KEYS = ['id', 'name', 'phases'];

/** Text typed in a number field: a number when it reads as one, else the text itself (for the validator to name). */
export function numberOrText(text: string): number | string {
  const t = text.trim();
  return /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : t;
}

/** A field that may be left empty (0: "the setting", "none"). */
function optionalNumber(text: string): number | string {
  return text.trim() === '' ? 0 : numberOrText(text);
}

/**
 * Minutes as typed to targetMs, exactly: "1" is 60000, "0.25" is 15000, "1:30" (m:ss) is 90000.
 * Decimal text is scaled by its digits (no float product: 1.1 × 60000 in floats is 66000.00000000001).
 * Empty: 0 (no end yet). Anything else is returned as typed, for the validator to name.
 */
export function minutesToMs(text: string): number | string {
  const t = text.trim();
  if (t === '') return 0;
  const mss = /^(\d+):([0-5]\d)(?:\.(\d{1,3}))?$/.exec(t);
  if (mss) return Number(mss[1]) * 60000 + Number(mss[2]) * 1000 + (mss[3] ? Number(mss[3].padEnd(3, '0')) : 0);
  const dec = /^(-?)(\d*)(?:\.(\d*))?$/.exec(t);
  if (!dec || (dec[2] === '' && !dec[3])) return t;
  // the digits as a whole number over a power of ten: exact (a fraction of a ms is left for the validator to name)
  const frac = dec[3] ?? '';
  const scale = 10 ** frac.length;
  const num = Number(dec[2] || '0') * scale + Number(frac || '0');
  return ((dec[1] ? -1 : 1) * num * 60000) / scale;
}

/** targetMs as minutes to show: a short decimal when it is one ("1", "0.5", "2.25"), else m:ss ("0:20", "1:05.5"). */
export function msToMinutes(ms: number): string {
  if (!ms) return '';
  if (!Number.isInteger(ms) || ms < 0) return String(ms / 60000);
  const min = ms / 60000;
  // exact in at most three decimals: ms a multiple of 60
  if (ms % 60 === 0) return String(Number(min.toFixed(3)));
  const whole = Math.floor(ms / 60000);
  const rest = ms - whole * 60000;
  const s = Math.floor(rest / 1000);
  const milli = rest - s * 1000;
  return `${whole}:${String(s).padStart(2, '0')}${milli ? '.' + String(milli).padStart(3, '0').replace(/0+$/, '') : ''}`;
}

/** A name as an id: lower case, a-z 0-9 and -, at most 24 characters ("Side of the neck" -> "side-of-the-neck"). */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24)
    .replace(/-+$/, '');
}

/** An id for phase `i` from its name: its slug, made unique among the phases before and after (-2, -3...). */
export function autoPhaseId(d: ProtocolDraft, i: number): string {
  const base = slug(d.phases[i].name) || `phase-${i + 1}`;
  const taken = new Set(d.phases.filter((_, j) => j !== i).map((p) => p.id));
  if (!taken.has(base)) return base;
  for (let k = 2; ; k++) {
    const id = `${base.slice(0, 24 - String(k).length - 1)}-${k}`;
    if (!taken.has(id)) return id;
  }
}

/** A new phase, numbered `n` (from 1): a one-minute timed phase at the settings' tempo, to be named. */
export function newPhase(n: number): PhaseDraft {
  return { id: `phase-${n}`, idAuto: true, name: `Phase ${n}`, guide: '', end: 'timed', minutes: '1', pumps: '', ppm: '', pushMs: '', positions: [], countdown: '', extra: {} };
}

export function blankProtocol(): ProtocolDraft {
  return { id: '', idAuto: true, name: '', phases: [], extra: {} };
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A number field's value as text; 0 and absent are "" (the setting, none). */
function text(v: unknown, zeroIsEmpty = true): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' && v === 0 && zeroIsEmpty) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function rest(o: Record<string, unknown>, known: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !known.includes(k)));
}

/**
 * A protocol (a parsed file or the JSON box) as a draft, or why it cannot be shown in the editor
 * (not an object, phases not a list of objects). Values of the wrong type are kept as text, so the
 * editor shows them in their fields and the validator's message is there too.
 */
export function fromProtocol(x: unknown): ProtocolDraft | string {
  if (!isObject(x)) return 'it is not a protocol (a JSON object with id, name and phases)';
  const phases = x.phases === undefined ? [] : x.phases;
  if (!Array.isArray(phases)) return 'its phases are not a list';
  const out: ProtocolDraft = { id: text(x.id, false), idAuto: false, name: text(x.name, false), phases: [], extra: rest(x, PROTOCOL_KEYS) };
  for (let i = 0; i < phases.length; i++) {
    const p = phases[i];
    if (!isObject(p)) return `phase ${i + 1} is not an object`;
    if (p.positions !== undefined && !Array.isArray(p.positions)) return `the positions of phase ${i + 1} are not a list`;
    const counted = Number(p.pumps) > 0 || (!(Number(p.targetMs) > 0) && p.pumps !== undefined && p.pumps !== 0);
    out.phases.push({
      id: text(p.id, false),
      idAuto: false,
      name: text(p.name, false),
      guide: text(p.guide, false),
      end: counted ? 'counted' : 'timed',
      minutes: typeof p.targetMs === 'number' ? msToMinutes(p.targetMs) : text(p.targetMs),
      pumps: text(p.pumps),
      ppm: text(p.ppm),
      pushMs: text(p.pushMs),
      positions: Array.isArray(p.positions) ? p.positions.map((s) => text(s, false)) : [],
      countdown: text(p.countdown),
      extra: rest(p, PHASE_KEYS),
    });
  }
  return out;
}

/** One phase in the protocol format: the fields in the built-ins' order, the optional ones only when given. */
export function toPhase(p: PhaseDraft): Phase {
  const out: Record<string, unknown> = {
    id: p.id.trim(),
    name: p.name,
    guide: p.guide,
    ppm: optionalNumber(p.ppm),
    pushMs: optionalNumber(p.pushMs),
    targetMs: p.end === 'timed' ? minutesToMs(p.minutes) : 0,
    pumps: p.end === 'counted' ? optionalNumber(p.pumps) : 0,
  };
  if (p.positions.length) out.positions = p.positions.slice();
  if (p.countdown.trim() !== '') out.countdown = numberOrText(p.countdown);
  return Object.assign(out, p.extra) as unknown as Phase;
}

/** The draft in the protocol format (not yet validated: that is the validator's job). */
export function toProtocol(d: ProtocolDraft): Protocol {
  return Object.assign({ id: d.id.trim(), name: d.name, phases: d.phases.map(toPhase) }, d.extra) as Protocol;
}
