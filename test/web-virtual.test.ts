// The web companion's virtual pacer in a real browser (Debian's Chromium):
// the page loads clean behind its safety panel, the LED pulses at the
// rhythm (sampled from the DOM over virtual time, through the page's
// window.__pacer hook), the button moves through the phases, the form shows
// the device validator's errors at their fields, and a screenshot is whole.
import { expect } from 'chai';
import { pngSize } from './web/png';
import { acknowledgeSafety, Harness, newPage, Page, start, WatchedPage } from './web/browser';

interface Hook {
  freeze(): void;
  advance(ms: number): void;
  nowMs(): number;
  status(): { state: string; phase: number; n: number };
}
declare const __pacer: Hook;

/** The LED's level as the page shows it, sampled every `stepMs` of virtual time for `ms`. */
function sampleLed(page: Page, ms: number, stepMs = 5): Promise<Array<[number, number]>> {
  return page.evaluate(
    ([total, step]) => {
      const led = document.getElementById('v-led') as HTMLElement;
      const out: Array<[number, number]> = [];
      for (let t = 0; t < total; t += step) {
        __pacer.advance(step);
        out.push([__pacer.nowMs(), Number(led.dataset.level)]);
      }
      return out;
    },
    [ms, stepMs] as const,
  );
}

/** Times the LED came on. */
function onsets(samples: Array<[number, number]>): number[] {
  const out: number[] = [];
  for (let i = 1; i < samples.length; i++) if (samples[i][1] > 0 && samples[i - 1][1] === 0) out.push(samples[i][0]);
  return out;
}

/** A click on the page's button, then enough virtual time for the firmware to take it (debounce, the tap's length). */
async function press(page: Page): Promise<void> {
  await page.click('#v-button');
  await page.evaluate(() => __pacer.advance(300));
}

async function text(page: Page, sel: string): Promise<string> {
  return ((await page.textContent(sel)) ?? '').trim();
}

describe('web companion: the virtual pacer in Chromium', function () {
  this.timeout(60000);
  let h: Harness;
  let w: WatchedPage;

  before(async () => {
    h = await start();
  });
  after(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    w = await newPage(h);
    await w.page.goto(h.url);
  });
  afterEach(async () => {
    await w.page.close();
  });

  it('loads with no console error, the safety panel first: neck contraindications and light pressure', async () => {
    const { page, errors } = w;
    expect(await page.isVisible('#safety')).to.equal(true);
    expect(await page.isDisabled('#v-button')).to.equal(true, 'no session before the safety panel is read');
    const items = await page.locator('#contraindications li').allTextContents();
    expect(items).to.include.members(['hyperthyroidism', 'carotid sinus hypersensitivity', 'a cardiac arrhythmia', 'an acute infection', 'a thrombosis', 'a malignancy', 'decompensated heart failure']);
    expect(await text(page, '#safety')).to.contain('Clients over 60 need medical clearance');
    expect(await text(page, '#pressure')).to.match(/under 40 g\/cm²/).and.match(/30 mmHg/);
    expect(await page.isDisabled('#safety-ok')).to.equal(true, 'continue only once checked');
    await acknowledgeSafety(page);
    expect(await page.isEnabled('#v-button')).to.equal(true);
    expect(await text(page, '#v-state')).to.equal('idle');
    expect(errors).to.deep.equal([]);
  });

  it('pulses the LED at the rhythm: lead-in, then a flash every 1000 ms at 60/min and every 1200 ms at 50/min', async () => {
    const { page, errors } = w;
    await acknowledgeSafety(page);
    await page.evaluate(() => __pacer.freeze());
    const startMs = await page.evaluate(() => __pacer.nowMs());
    await page.click('#v-button');
    const at60 = onsets(await sampleLed(page, 9000));
    // beat 0 (the phase cue) when the press is taken (a click is a 120 ms tap, then the 25 ms
    // debounce), the two lead-in beats, then pumps: one onset a second
    expect(at60[0] - startMs).to.be.closeTo(145, 5, 'the phase cue comes with the press');
    expect(at60.length).to.equal(9);
    for (let i = 1; i < at60.length; i++) expect(at60[i] - at60[i - 1]).to.be.closeTo(1000, 5, `interval ${i}`);
    const pumps = await page.evaluate(() => __pacer.status().n);
    expect(Number(await page.getAttribute('#v-pumps', 'data-n'))).to.equal(pumps);
    expect(pumps).to.be.within(6, 7);

    // 50 pumps a minute through the form: a new virtual pacer, the same firmware
    await page.fill('#f-ppm', '50');
    await page.click('#apply-virtual');
    await page.click('#v-button');
    const at50 = onsets(await sampleLed(page, 8000));
    expect(at50.length).to.equal(7);
    for (let i = 1; i < at50.length; i++) expect(at50[i] - at50[i - 1]).to.be.closeTo(1200, 5, `interval ${i} at 50/min`);
    expect(errors).to.deep.equal([]);
  });

  it('moves through the phases on clicks; a hold of 1.5 s pauses; the counted last phase ends by itself', async () => {
    const { page, errors } = w;
    await acknowledgeSafety(page);
    await page.evaluate(() => __pacer.freeze());
    await press(page);
    expect(await text(page, '#v-phase')).to.equal('1 of 3: Venous angle');
    await page.evaluate(() => __pacer.advance(5000));
    await press(page);
    expect(await text(page, '#v-phase')).to.equal('2 of 3: Water wheel');
    expect(await text(page, '#v-guide')).to.match(/light, downward, arteries here/);
    // a long press: the button held 1.5 s of virtual time
    const box = (await page.locator('#v-button').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.evaluate(() => __pacer.advance(1500));
    expect(await text(page, '#v-hold')).to.match(/long press/);
    await page.mouse.up();
    await page.evaluate(() => __pacer.advance(100));
    expect(await text(page, '#v-state')).to.equal('paused');
    await press(page);
    expect(await text(page, '#v-state')).to.equal('running');
    await press(page);
    expect(await text(page, '#v-phase')).to.equal('3 of 3: Venous angle, close');
    // exactly 15 pumps after the lead-in, then done
    await page.evaluate(() => __pacer.advance(20000));
    expect(await text(page, '#v-state')).to.equal('done');
    expect(await page.evaluate(() => __pacer.status().n)).to.equal(15);
    expect(errors).to.deep.equal([]);
  });

  it('shows the device validator\'s errors next to their fields, and keeps the virtual pacer as it was', async () => {
    const { page, errors } = w;
    await acknowledgeSafety(page);
    await page.fill('#f-ppm', '120');
    expect(await text(page, '#err-ppm')).to.equal('ppm: 120 is out of range 30..90');
    expect(await page.getAttribute('#f-ppm', 'aria-invalid')).to.equal('true');
    await page.fill('#f-strength', 'strong');
    expect(await text(page, '#err-strength')).to.equal('strength: must be a number, got string "strong"');
    await page.click('#apply-virtual');
    expect(await text(page, '#v-error')).to.match(/Fix the errors/);
    await page.fill('#f-ppm', '60');
    await page.fill('#f-strength', '0.5');
    expect(await text(page, '#err-ppm')).to.equal('');
    expect(await text(page, '#err-strength')).to.equal('');

    await page.selectOption('#f-protocol', 'custom');
    const bad = { id: 'Bad Id', name: 'x', phases: [{ id: 'a', name: 'A', guide: '', pumps: 5, ppm: 120 }, { id: 'a', name: 'B', guide: '', pumps: 3, targetMs: 9000 }] };
    await page.fill('#f-custom', JSON.stringify(bad));
    const listed = await page.locator('#err-protocol li').allTextContents();
    expect(listed).to.include('phases[0].ppm: 120 is out of range 30..90 (or 0)');
    expect(listed).to.include('phases[1]: has both targetMs and pumps: choose one');
    expect(listed.some((l) => l.startsWith('id: '))).to.equal(true, listed.join('; '));
    expect(listed.some((l) => l.startsWith('phases[1].id: duplicate id "a"'))).to.equal(true, listed.join('; '));
    await page.fill('#f-custom', '{"id": ');
    expect(await text(page, '#err-protocol')).to.match(/^protocol: not JSON: /);
    expect(await page.evaluate(() => __pacer.status().state)).to.equal('idle');
    expect(errors).to.deep.equal([]);
  });

  it('takes a screenshot mid-session of the full size, not blank', async () => {
    const { page, errors } = w;
    await acknowledgeSafety(page);
    await page.evaluate(() => __pacer.freeze());
    await press(page);
    await page.evaluate(() => __pacer.advance(7960));
    const png = await page.screenshot();
    expect(pngSize(png)).to.deep.equal({ width: 1280, height: 900 });
    // decoded by the browser itself: many colours, and plenty of pixels that are not background
    const stats = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set<number>();
      let ink = 0;
      for (let i = 0; i < d.length; i += 4 * 7) {
        colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        if (d[i] + d[i + 1] + d[i + 2] < 600) ink++;
      }
      return { colours: colours.size, ink: ink / (d.length / 28) };
    }, png.toString('base64'));
    expect(stats.colours).to.be.above(50);
    expect(stats.ink).to.be.above(0.1);
    expect(errors).to.deep.equal([]);
  });
});
