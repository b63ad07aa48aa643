// The phase editor in a real browser (Debian's Chromium): a custom protocol
// built with fields and buttons, in step with the JSON box; every field
// checked by the device's own validator as it is typed, its message at that
// field; a therapist builds the built-in head-neck protocol by clicking and
// typing, and gets exactly the built-in; a file downloaded loads back the
// same; the result runs on the virtual pacer and is stored by the (fake)
// real one.
import { expect } from 'chai';
import { readFileSync } from 'fs';
import { HEAD_NECK } from '../firmware/core/library';
import { decodeStored } from '../firmware/core/stored';
import { Protocol } from '../firmware/core/types';
import { validateProtocol, withDefaults } from '../firmware/core/validate';
import { fromProtocol, minutesToMs, msToMinutes, ProtocolDraft, slug, toProtocol } from '../web/editor/draft';
import { acknowledgeSafety, browserBlock, newPage, Page, WatchedPage } from './web/browser';
import { FakePacer } from './web/fake-pacer';
import { act, connect, openWithPacer } from './web/real-page';

interface Hook {
  freeze(): void;
  advance(ms: number): void;
  status(): { state: string; phase: number; phaseId: string; n: number };
}
declare const __pacer: Hook;

const text = async (page: Page, sel: string) => ((await page.textContent(sel)) ?? '').trim();
const json = async (page: Page) => JSON.parse(await page.inputValue('#f-custom'));
/** A phase field's input (i from 0, as the validator's paths count). */
const f = (i: number, field: string) => `#ed-${i}-${field}`;
const err = (i: number, field: string) => `#ed-${i}-${field}-err`;
/** The phases' ids as the editor shows them, in order. */
const ids = (page: Page) => page.locator('#ed-phases [data-f="id"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));

/** The custom protocol chosen, the editor started again from `from` ('blank' or a built-in). */
async function editor(page: Page, from = 'blank'): Promise<void> {
  await page.selectOption('#f-protocol', 'custom');
  await page.selectOption('#ed-start', from);
  await page.click('#ed-start-go');
}

/** Add a phase and fill it as a therapist would (only what differs from a new phase's defaults is typed). */
async function addPhase(page: Page, p: Partial<{ name: string; id: string; guide: string; minutes: string; pumps: string; ppm: string; pushMs: string; countdown: string; positions: string[] }>): Promise<number> {
  await page.click('#ed-add');
  const i = (await page.locator('#ed-phases > li').count()) - 1;
  if (p.name !== undefined) await page.fill(f(i, 'name'), p.name);
  if (p.id !== undefined && (await page.inputValue(f(i, 'id'))) !== p.id) await page.fill(f(i, 'id'), p.id);
  if (p.guide !== undefined) await page.fill(f(i, 'guide'), p.guide);
  if (p.pumps !== undefined) {
    await page.check(f(i, 'counted'));
    await page.fill(f(i, 'pumps'), p.pumps);
  }
  if (p.minutes !== undefined) await page.fill(f(i, 'minutes'), p.minutes);
  if (p.ppm !== undefined) await page.fill(f(i, 'ppm'), p.ppm);
  if (p.pushMs !== undefined) await page.fill(f(i, 'pushMs'), p.pushMs);
  if (p.countdown !== undefined) await page.fill(f(i, 'countdown'), p.countdown);
  for (const [k, name] of (p.positions ?? []).entries()) {
    await page.click(`#ed-phases > li:nth-child(${i + 1}) [data-act="add-pos"]`);
    await page.fill(f(i, `pos${k}`), name);
  }
  return i;
}

/** A short protocol using every field: positions on the water wheel, a countdown on the close. */
const WHEEL: Protocol = {
  id: 'wheel-close',
  name: 'Wheel and close',
  phases: [
    { id: 'venous-angle', name: 'Venous angle', guide: 'Two fingers, very light', ppm: 0, pushMs: 0, targetMs: 15000, pumps: 0 },
    { id: 'water-wheel', name: 'Water wheel', guide: 'Front, side, back; light, downward', ppm: 50, pushMs: 500, targetMs: 30000, pumps: 0, positions: ['front', 'side', 'back'] },
    { id: 'close', name: 'Close', guide: 'Back to the venous angle', ppm: 0, pushMs: 0, targetMs: 0, pumps: 6, countdown: 3 },
  ],
};

async function buildWheel(page: Page): Promise<void> {
  await editor(page);
  await page.fill('#ed-name', WHEEL.name);
  await page.fill('#ed-id', WHEEL.id);
  await addPhase(page, { name: 'Venous angle', guide: 'Two fingers, very light', minutes: '0.25' });
  await addPhase(page, { name: 'Water wheel', guide: 'Front, side, back; light, downward', minutes: '0:30', ppm: '50', pushMs: '500', positions: ['front', 'side', 'back'] });
  await addPhase(page, { name: 'Close', guide: 'Back to the venous angle', pumps: '6', countdown: '3' });
}

describe('web companion: the phase editor in Chromium', function () {
  this.timeout(60000);
  const b = browserBlock();

  async function open(): Promise<WatchedPage> {
    const w = b.keep(await newPage(b.h));
    await w.page.goto(b.h.url);
    await acknowledgeSafety(w.page);
    return w;
  }

  it('minutes map to targetMs exactly, and back (unit: the editor\'s own conversion)', () => {
    const cases: Array<[string, number]> = [['1', 60000], ['0.5', 30000], ['1.1', 66000], ['2.25', 135000], ['30', 1800000], ['0:20', 20000], ['1:05.5', 65500], ['.5', 30000]];
    for (const [typed, ms] of cases) expect(minutesToMs(typed), typed).to.equal(ms);
    for (const [, ms] of cases) expect(minutesToMs(msToMinutes(ms)), `${ms} round trip`).to.equal(ms);
    expect(msToMinutes(60000)).to.equal('1');
    expect(msToMinutes(20000)).to.equal('0:20');
    expect(minutesToMs('')).to.equal(0);
    expect(minutesToMs('abc')).to.equal('abc');
    expect(minutesToMs('0.00001')).to.not.satisfy(Number.isInteger);
    // a protocol through the editor's draft and back: the same (with the optional zeros filled in), cues kept
    const readme = {
      id: 'short-neck', name: 'Short neck',
      phases: [
        { id: 'venous-angle', name: 'Venous angle', guide: 'Two fingers, very light', targetMs: 30000 },
        { id: 'side-of-neck', name: 'Side of the neck', guide: 'Light, downward', pumps: 10, ppm: 50, pushMs: 500, positions: ['front', 'back'] },
        { id: 'close', name: 'Close', guide: 'Back to the venous angle', pumps: 15, countdown: 3 },
      ],
      cues: { pump: [[0, 30, 1, 80]] },
    };
    expect(toProtocol(fromProtocol(readme) as ProtocolDraft)).to.deep.equal(withDefaults(JSON.parse(JSON.stringify(readme))));
    expect(fromProtocol({ id: 'x', phases: 3 })).to.equal('its phases are not a list');
    expect(slug('Side of the neck, again')).to.equal('side-of-the-neck-again');
    expect(slug('Über Café')).to.equal('ber-caf');
  });

  it('adds, renames, reorders and removes phases; the JSON box follows every change, and the editor follows the JSON box', async () => {
    const { page, errors } = await open();
    await editor(page);
    expect(await page.locator('#ed-phases > li').count()).to.equal(0);
    expect(await text(page, '#ed-err-phases')).to.equal('phases: a protocol needs at least one phase');
    await page.fill('#ed-name', 'Three steps');
    expect(await page.inputValue('#ed-id')).to.equal('three-steps', 'the id follows the name until one is typed');
    for (let k = 0; k < 3; k++) await page.click('#ed-add');
    expect(await ids(page)).to.deep.equal(['phase-1', 'phase-2', 'phase-3']);
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('ed-2-name', 'a new phase: its name has the focus');
    await page.fill(f(0, 'name'), 'Venous angle');
    await page.fill(f(1, 'name'), 'Water wheel');
    await page.fill(f(2, 'name'), 'Close');
    expect(await ids(page)).to.deep.equal(['venous-angle', 'water-wheel', 'close']);
    expect((await json(page)).phases.map((p: { id: string }) => p.id)).to.deep.equal(['venous-angle', 'water-wheel', 'close']);

    // the first cannot go up, the last cannot go down
    expect(await page.isDisabled('[aria-label="Move phase 1 up"]')).to.equal(true);
    expect(await page.isDisabled('[aria-label="Move phase 3 down"]')).to.equal(true);
    await page.click('[aria-label="Move phase 3 up"]');
    expect(await ids(page)).to.deep.equal(['venous-angle', 'close', 'water-wheel']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).to.equal('Move phase 2 up', 'the focus follows the phase');
    await page.click('[aria-label="Move phase 1 down"]');
    expect(await ids(page)).to.deep.equal(['close', 'venous-angle', 'water-wheel']);
    expect(await text(page, '#ed-phases > li:nth-child(1) .ph-num')).to.equal('1');
    await page.click('[aria-label="Remove phase 2"]');
    expect(await ids(page)).to.deep.equal(['close', 'water-wheel']);
    const shown = await json(page);
    expect(shown.phases.map((p: { name: string }) => p.name)).to.deep.equal(['Close', 'Water wheel']);
    expect(validateProtocol(shown)).to.deep.equal([]);
    expect(await text(page, '#setup-summary')).to.equal('Three steps (2 phases), 60 pumps a minute.');

    // the JSON box typed in: the editor shows it; a JSON the editor cannot show disables it, saying why
    await page.fill('#f-custom', JSON.stringify({ ...shown, name: 'Typed as JSON', phases: [shown.phases[1]] }));
    expect(await page.inputValue('#ed-name')).to.equal('Typed as JSON');
    expect(await ids(page)).to.deep.equal(['water-wheel']);
    await page.fill('#f-custom', '{"id": "x", "phases": 3}');
    expect(await text(page, '#ed-note')).to.equal('The JSON below cannot be shown in the editor: its phases are not a list.');
    expect(await page.isDisabled('#ed-add')).to.equal(true);
    await page.fill('#f-custom', JSON.stringify(shown));
    expect(await page.isEnabled('#ed-add')).to.equal(true);
    expect(await ids(page)).to.deep.equal(['close', 'water-wheel']);
    expect(errors).to.deep.equal([]);
  });

  it('checks every field as it is typed: the validator\'s message at that field, nothing sent until all are fixed', async () => {
    const { page, errors } = await open();
    await editor(page);
    await page.fill('#ed-name', 'Checks');
    await addPhase(page, { name: 'One' });
    await addPhase(page, { name: 'Two', pumps: '5' });

    await page.fill('#ed-id', 'Bad Id');
    expect(await text(page, '#ed-err-id')).to.equal('id: may only hold a-z, 0-9 and - (not first), got "Bad Id"');
    expect(await page.getAttribute('#ed-id', 'aria-invalid')).to.equal('true');
    await page.fill(f(0, 'ppm'), '120');
    expect(await text(page, err(0, 'ppm'))).to.equal('ppm: 120 is out of range 30..90 (or 0)');
    expect(await page.getAttribute(f(0, 'ppm'), 'aria-invalid')).to.equal('true');
    await page.fill(f(0, 'pushMs'), 'long');
    expect(await text(page, err(0, 'pushMs'))).to.equal('pushMs: must be a number, got string "long"');
    await page.fill(f(0, 'minutes'), '0.05');
    expect(await text(page, err(0, 'minutes'))).to.equal('targetMs: 3000 is out of range 5000..1800000 (or 0) (in minutes: 5 s to 30 min)');
    await page.fill(f(1, 'countdown'), '12');
    // two rules broken at one field: both messages there
    expect(await text(page, err(1, 'countdown'))).to.equal('countdown: 12 is out of range 1..9 (or 0)\ncountdown: 12 pumps counted down: the phase has only 5');
    await page.fill(f(1, 'countdown'), '6');
    expect(await text(page, err(1, 'countdown'))).to.equal('countdown: 6 pumps counted down: the phase has only 5');
    await page.fill(f(1, 'name'), 'Two • three');
    expect(await text(page, err(1, 'name'))).to.equal('name: may only hold printable ASCII (space to ~), got "Two • three"');
    await page.fill(f(1, 'id'), 'one');
    expect(await text(page, err(1, 'id'))).to.equal('id: duplicate id "one" (also phases[0])');
    await page.click('#ed-phases > li:nth-child(2) [data-act="add-pos"]');
    await page.fill(f(1, 'pos0'), 'front');
    expect(await text(page, err(1, 'positions'))).to.equal('positions: must be 2..4 names, got 1');
    await page.click('#ed-phases > li:nth-child(2) [data-act="add-pos"]');
    expect(await text(page, err(1, 'positions'))).to.equal('positions[1]: must be 1..16 characters, got 0');
    expect(await page.getAttribute(f(1, 'pos1'), 'aria-invalid')).to.equal('true');
    await page.fill(f(1, 'pumps'), '');
    expect(await text(page, err(1, 'end'))).to.equal('needs an end: targetMs (timed) or pumps (counted)');

    // every error the validator finds in the JSON is shown at the field it names, in its words
    const found = validateProtocol(await json(page));
    expect(found.length).to.be.above(8);
    for (const e of found) {
      const m = /^phases\[(\d+)\]\.?([A-Za-z]*)/.exec(e.path);
      const where = !m ? `#ed-err-${e.path}` : err(Number(m[1]), !m[2] ? 'end' : m[2] === 'targetMs' ? 'minutes' : m[2]);
      expect(await text(page, where), e.path).to.contain(e.reason);
    }
    expect(await page.locator('#err-protocol li').count()).to.equal(found.length, 'the JSON box lists them too');
    expect(await text(page, '#setup-summary')).to.equal(`${found.length} problems to fix: nothing is sent until the form is valid.`);
    await page.click('#apply-virtual');
    expect(await text(page, '#v-error')).to.match(/^Fix the errors/);

    // fixed one by one, each message goes
    await page.fill('#ed-id', 'checks');
    await page.fill(f(0, 'ppm'), '');
    await page.fill(f(0, 'pushMs'), '');
    await page.fill(f(0, 'minutes'), '0.5');
    await page.fill(f(1, 'name'), 'Two');
    await page.fill(f(1, 'id'), 'two');
    await page.fill(f(1, 'pos1'), 'side');
    await page.fill(f(1, 'pumps'), '8');
    expect(await text(page, err(1, 'countdown'))).to.equal('');
    await page.fill(f(1, 'countdown'), '3');
    expect(await page.locator('#setup-form .field-error:not(:empty)').count()).to.equal(0);
    expect(await page.locator('#setup-form [aria-invalid="true"]').count()).to.equal(0);
    expect(await json(page)).to.deep.equal({
      id: 'checks', name: 'Checks', phases: [
        { id: 'one', name: 'One', guide: '', ppm: 0, pushMs: 0, targetMs: 30000, pumps: 0 },
        { id: 'two', name: 'Two', guide: '', ppm: 0, pushMs: 0, targetMs: 0, pumps: 8, positions: ['front', 'side'], countdown: 3 },
      ],
    });
    expect(await text(page, '#setup-summary')).to.equal('Checks (2 phases), 60 pumps a minute.');
    expect(errors).to.deep.equal([]);
  });

  it('a therapist builds the built-in head-neck protocol by clicking and typing: the result equals the built-in', async () => {
    const { page, errors } = await open();
    await editor(page);
    await page.fill('#ed-name', HEAD_NECK.name);
    expect(await page.inputValue('#ed-id')).to.equal('head-and-neck');
    await page.fill('#ed-id', HEAD_NECK.id);
    for (const p of HEAD_NECK.phases) {
      expect(p.targetMs, 'every head-neck step is counted').to.equal(0);
      await addPhase(page, { name: p.name, id: p.id, guide: p.guide, pumps: String(p.pumps) });
    }
    const built = await json(page);
    expect(built).to.deep.equal(HEAD_NECK);
    expect(JSON.stringify(built)).to.equal(JSON.stringify(HEAD_NECK), 'the same JSON, key for key');
    expect(await text(page, '#setup-summary')).to.equal('Head and neck (10 phases), 60 pumps a minute.');
    // ids typed only where the name's own would differ: the rest came from the names
    expect(HEAD_NECK.phases.filter((p) => slug(p.name) === p.id).map((p) => p.id)).to.deep.equal(['venous-angle', 'neck-stretch', 'shoulder-collectors', 'shoulder-collectors-2', 'venous-angle-close']);

    // and it runs: the virtual pacer takes it as a custom protocol
    await page.click('#apply-virtual');
    await page.evaluate(() => __pacer.freeze());
    await page.click('#v-button');
    await page.evaluate(() => __pacer.advance(300));
    expect(await text(page, '#v-phase')).to.equal('1 of 10: Venous angle');
    // lead-in (3 beats), 10 pumps: then the next step by itself
    await page.evaluate(() => __pacer.advance(13500));
    expect(await page.evaluate(() => __pacer.status().phaseId)).to.equal('neck-stretch');
    expect(errors).to.deep.equal([]);
  });

  it('downloads the protocol as a file and loads it back the same; a file with errors shows them at their fields', async () => {
    const { page, errors } = await open();
    await buildWheel(page);
    const made = await json(page);
    expect(made).to.deep.equal(WHEEL);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ed-download')]);
    expect(download.suggestedFilename()).to.equal('wheel-close.json');
    const file = readFileSync((await download.path()) as string, 'utf8');
    expect(JSON.parse(file)).to.deep.equal(WHEEL);

    await editor(page);
    expect(await page.locator('#ed-phases > li').count()).to.equal(0);
    await page.setInputFiles('#ed-file', { name: 'wheel-close.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await page.waitForFunction(() => document.getElementById('ed-note')?.textContent === 'Loaded wheel-close.json.');
    expect(await json(page)).to.deep.equal(WHEEL);
    expect(await page.inputValue('#ed-name')).to.equal('Wheel and close');
    expect(await page.inputValue(f(1, 'minutes'))).to.equal('0.5');
    expect(await page.inputValue(f(1, 'pos2'))).to.equal('back');
    expect(await page.isChecked(f(2, 'counted'))).to.equal(true);
    expect(await page.inputValue(f(2, 'countdown'))).to.equal('3');
    expect(await text(page, '#setup-summary')).to.equal('Wheel and close (3 phases), 60 pumps a minute.');
    // a change in the editor after loading: the JSON follows it, the rest as loaded
    await page.fill(f(0, 'minutes'), '1');
    expect((await json(page)).phases[0].targetMs).to.equal(60000);
    expect((await json(page)).phases.slice(1)).to.deep.equal(WHEEL.phases.slice(1));

    // a file with mistakes: loaded, each one at its field
    const bad = JSON.parse(file);
    bad.phases[1].ppm = 100;
    bad.phases[2].pumpz = 3;
    await page.setInputFiles('#ed-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await page.waitForFunction(() => document.getElementById('ed-note')?.textContent === 'Loaded bad.json.');
    expect(await text(page, err(1, 'ppm'))).to.equal('ppm: 100 is out of range 30..90 (or 0)');
    expect(await text(page, err(2, 'end'))).to.match(/^pumpz: unknown key "pumpz"/);
    expect(await text(page, '#setup-summary')).to.match(/^2 problems to fix/);
    // not JSON at all: said so, the editor waits
    await page.setInputFiles('#ed-file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('venous angle, then the wheel') });
    await page.waitForFunction(() => /^notes\.txt: /.test(document.getElementById('ed-note')?.textContent ?? ''));
    expect(await text(page, '#err-protocol')).to.match(/^protocol: not JSON: /);
    expect(await page.isDisabled('#ed-add')).to.equal(true);
    expect(errors).to.deep.equal([]);
  });

  it('sends what it built to the virtual pacer (it runs it) and to a real pacer (stored as sent)', async () => {
    const pacer = new FakePacer();
    const w = b.keep(await openWithPacer(b.h, pacer));
    const { page, errors } = w;
    await buildWheel(page);
    await page.click('#apply-virtual');
    await page.evaluate(() => __pacer.freeze());
    const phases: string[] = [];
    for (let k = 0; k < 3; k++) {
      await page.click('#v-button');
      await page.evaluate(() => __pacer.advance(300));
      phases.push(await text(page, '#v-phase'));
      if (k < 2) await page.evaluate(() => __pacer.advance(4000));
    }
    expect(phases).to.deep.equal(['1 of 3: Venous angle', '2 of 3: Water wheel', '3 of 3: Close']);
    // the counted close: lead-in, then exactly 6 pumps, then done
    await page.evaluate(() => __pacer.advance(10000));
    expect(await page.evaluate(() => __pacer.status())).to.include({ state: 'done', n: 6, phaseId: 'close' });

    await connect(page);
    const r = await act(page, '#r-push');
    expect(r).to.deep.equal({ kind: 'ok', text: 'Stored on the pacer: protocol wheel-close, 60 pumps a minute.' });
    const stored = decodeStored(pacer.storage.get('pacer.pro') as string)?.v;
    expect(stored).to.deep.equal(withDefaults(JSON.parse(JSON.stringify(WHEEL))));
    expect(errors).to.deep.equal([]);
  });
});
