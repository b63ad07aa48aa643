// Every bound has one source, firmware/core/limits.ts (issue #12): the
// validator's rule tables are built there from its constants, and the
// README's tables, which keep the numbers written out to be read, are held to
// them here.
import { expect } from 'chai';
import { readFileSync } from 'fs';
import * as path from 'path';
import * as L from '../firmware/core/limits';
import { validateProtocol, validateSettings } from '../firmware/core/validate';
import { SAMPLE_PROTOCOL } from '../web/sample-protocol';
import { rangeText, SETTING_RANGES } from '../web/ranges';

const README = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

/** The rows of the README table under `heading`: first cell (backticks off) -> the row's cells. */
function readmeTable(heading: string): Map<string, string[]> {
  const at = README.indexOf('\n' + heading + '\n');
  expect(at, heading).to.be.greaterThan(-1);
  const lines = README.slice(at).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    rows.set(cells[0].replace(/`/g, ''), cells);
  }
  return rows;
}

/** [min, max] of a key in a rule table of limits.ts. */
function ruleRange(table: string, key: string): [number, number] {
  const rule = table.split(',').find((r) => r.startsWith(key + ' '));
  expect(rule, `a rule for ${key}`).to.be.a('string');
  const f = rule!.split(' ');
  return [+f[2], +f[3]];
}

const dash = (r: [number, number]) => `${r[0]}–${r[1]}`;

describe('limits: one source for every bound', () => {
  it('the rule tables hold the constants (the fraction written out there too)', () => {
    expect(ruleRange(L.SETTINGS_RULES, 'ppm')).to.deep.equal([L.PPM_MIN, L.PPM_MAX]);
    expect(ruleRange(L.SETTINGS_RULES, 'strength')).to.deep.equal([L.STRENGTH_MIN, L.STRENGTH_MAX]);
    expect(ruleRange(L.SETTINGS_RULES, 'accentEvery')).to.deep.equal([0, L.MAX_ACCENT_EVERY]);
    expect(ruleRange(L.SETTINGS_RULES, 'pushMs')).to.deep.equal([L.PUSH_MS_MIN, L.PUSH_MS_MAX]);
    expect(ruleRange(L.SETTINGS_RULES, 'idleOffMin')).to.deep.equal([0, L.MAX_IDLE_OFF_MIN]);
    expect(ruleRange(L.PHASE_RULES, 'ppm')).to.deep.equal([L.PPM_MIN, L.PPM_MAX]);
    expect(ruleRange(L.PHASE_RULES, 'pushMs')).to.deep.equal([L.PUSH_MS_MIN, L.PUSH_MS_MAX]);
    expect(ruleRange(L.PHASE_RULES, 'targetMs')).to.deep.equal([L.TARGET_MS_MIN, L.TARGET_MS_MAX]);
    expect(ruleRange(L.PHASE_RULES, 'pumps')).to.deep.equal([1, L.MAX_PUMPS]);
    expect(ruleRange(L.PHASE_RULES, 'countdown')).to.deep.equal([1, L.MAX_COUNTDOWN]);
    expect(ruleRange(L.PULSE_RULES, 'motorMs')).to.deep.equal([0, L.MOTOR_MAX_MS]);
  });

  it('the validator keeps the ranges: both ends in, just past them out', () => {
    for (const key of Object.keys(SETTING_RANGES)) {
      const [lo, hi] = SETTING_RANGES[key];
      expect(validateSettings({ [key]: lo }, true), `${key} ${lo}`).to.deep.equal([]);
      expect(validateSettings({ [key]: hi }, true), `${key} ${hi}`).to.deep.equal([]);
      expect(validateSettings({ [key]: hi + 1 }, true)[0].reason).to.equal(`${hi + 1} is out of range ${lo}..${hi}`);
    }
  });

  it("the README's Settings table says the pages' ranges", () => {
    const rows = readmeTable('## Settings');
    for (const key of Object.keys(SETTING_RANGES)) expect(rows.get(key)![1], key).to.equal(rangeText(key));
  });

  it("the README's protocol table says the validator's ranges", () => {
    const rows = readmeTable('### Custom protocol JSON');
    const has = (key: string, text: string) => expect(rows.get(key)![1], key).to.include(text);
    has('phases', `1–${L.MAX_PHASES} phases`);
    has('phases[].targetMs', `${dash(ruleRange(L.PHASE_RULES, 'targetMs'))} ms`);
    has('phases[].pumps', `${dash(ruleRange(L.PHASE_RULES, 'pumps'))} pumps`);
    has('phases[].ppm', `optional, ${dash(ruleRange(L.PHASE_RULES, 'ppm'))} `);
    has('phases[].pushMs', `optional, ${dash(ruleRange(L.PHASE_RULES, 'pushMs'))} `);
    has('phases[].positions', `2–${L.MAX_POSITIONS} names of 1–${L.MAX_POSITION_CHARS} characters`);
    has('phases[].countdown', `optional, ${dash(ruleRange(L.PHASE_RULES, 'countdown'))} `);
    has('cues', `motorMs 0–${L.MOTOR_MAX_MS}]`);
    has('cues', `at most ${L.MAX_CUE_PULSES} pulses in all`);
    has('whole', `at most ${L.MAX_PROTOCOL_BYTES} bytes of JSON`);
  });

  it("the README's tap tempo says the ppm range", () => {
    expect(README).to.include(`sets the mean as the \`ppm\` setting (${L.PPM_MIN}–${L.PPM_MAX})`);
  });
});

describe('the README\'s custom protocol example', () => {
  it('is the page\'s starting point (web/sample-protocol.ts), and valid', () => {
    const at = README.indexOf('### Custom protocol JSON');
    const json = /```json\n([\s\S]*?)\n```/.exec(README.slice(at))![1];
    const shown = JSON.parse(json);
    delete shown.cues; // the README also shows a cue pattern replaced
    expect(shown).to.deep.equal(SAMPLE_PROTOCOL);
    expect(validateProtocol(JSON.parse(json))).to.deep.equal([]);
  });
});
