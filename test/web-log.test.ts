// The session log as a therapist reads it, in a real browser: read from a
// (fake) real pacer over the fake Bluetooth, and from the virtual pacer, it is
// drawn as a table (when, protocol, how it ended; per phase duration, pumps,
// pauses) and a chart of the sessions; every figure is checked against the
// pacer's own Storage ring, and the CSV is still byte for byte `toCsv`.
import { expect } from 'chai';
import { readFileSync } from 'fs';
import { LogEntry } from '../firmware/core/types';
import { readLog } from '../sim/device-files';
import { LoggedSession, toCsv } from '../sim/log-export';
import { duration, endText, pausesText, startText } from '../web/log/format';
import { acknowledgeSafety, browserBlock, newPage, Page } from './web/browser';
import { FakePacer } from './web/fake-pacer';
import { DATED, pastLog, playSession } from './web/past-log';
import { act, connect, openWithPacer } from './web/real-page';

declare const __pacer: { freeze(): void; advance(ms: number): void; log(): LoggedSession[] };

const text = async (page: Page, sel: string) => ((await page.textContent(sel)) ?? '').trim();

interface Shown {
  n: string;
  corrupt: string;
  start?: string;
  end?: string;
  protocol?: string;
  head: string;
  when: string;
  ended: string;
  phases: Array<{ index: string; ms: string; pumps: string; pauses: string; pausedMs: string; cells: string[] }>;
}

/** The table as drawn: one tbody a session, newest first. */
function table(page: Page, box: string): Promise<Shown[]> {
  return page.locator(`${box} table.log-table tbody.session`).evaluateAll((bodies) => bodies.map((b) => {
    const d = (b as HTMLElement).dataset;
    return {
      n: d.n ?? '', corrupt: d.corrupt ?? '', start: d.start, end: d.end, protocol: d.protocol,
      head: (b.querySelector('.s-head')?.textContent ?? '').trim(),
      when: (b.querySelector('.s-date')?.textContent ?? '').trim(),
      ended: (b.querySelector('.s-end')?.textContent ?? '').trim(),
      phases: [...b.querySelectorAll<HTMLElement>('tr.s-phase')].map((r) => ({
        index: r.dataset.index ?? '', ms: r.dataset.ms ?? '', pumps: r.dataset.pumps ?? '', pauses: r.dataset.pauses ?? '', pausedMs: r.dataset.pausedMs ?? '',
        cells: [...r.querySelectorAll('td')].map((c) => (c.textContent ?? '').trim()),
      })),
    };
  }));
}

/** Every logged session is a row group with the pacer's own figures, newest first; damaged entries say so. */
function expectTable(shown: Shown[], log: LoggedSession[], names: Record<string, string[]>): void {
  const want = log.slice().sort((a, b) => (b.n ?? -1) - (a.n ?? -1));
  expect(shown.map((s) => s.n)).to.deep.equal(want.map((s) => String(s.n ?? '')));
  want.forEach(({ n, entry }, k) => {
    const s = shown[k];
    if (!entry) {
      expect(s.corrupt).to.equal('true');
      expect(s.ended).to.match(/damaged entry/);
      return;
    }
    expect(s.start, `#${n} start`).to.equal(String(entry.start));
    expect(s.end).to.equal(entry.end);
    expect(s.protocol).to.equal(entry.protocol);
    expect(s.when).to.equal(startText(entry.start).text);
    expect(s.ended).to.equal(endText(entry.end));
    expect(s.phases.map((p) => [p.index, p.ms, p.pumps, p.pauses, p.pausedMs].map(Number)), `#${n} phases`).to.deep.equal(entry.phases);
    s.phases.forEach((p, i) => {
      const [index, ms, pumps, pauses, pausedMs] = entry.phases[i];
      const label = names[entry.protocol]?.[index];
      expect(p.cells).to.deep.equal([label ? `${index + 1}. ${label}` : `phase ${index + 1}`, duration(ms), String(pumps), pausesText(pauses, pausedMs)]);
    });
  });
}

/** The chart: a bar a session, oldest first, its phases stacked in proportion to their durations. */
async function expectChart(page: Page, box: string, log: LoggedSession[]): Promise<void> {
  const bars = await page.locator(`${box} svg.log-chart g.bar`).evaluateAll((gs) => gs.map((g) => ({
    n: (g as SVGElement).dataset.n ?? '',
    segs: [...g.querySelectorAll<SVGRectElement>('rect.seg')].map((r) => ({ ms: Number(r.dataset.ms), h: r.height.baseVal.value, y: r.y.baseVal.value })),
  })));
  expect(bars.map((b) => b.n)).to.deep.equal(log.map((s) => String(s.n ?? '')));
  const perMs: number[] = [];
  bars.forEach((b, k) => {
    const entry = log[k].entry;
    expect(b.segs.map((s) => s.ms)).to.deep.equal(entry ? entry.phases.map((p) => p[1]) : []);
    for (const s of b.segs) if (s.ms > 5000) perMs.push(s.h / s.ms);
    // stacked: each phase sits on the one before
    for (let i = 1; i < b.segs.length; i++) expect(b.segs[i].y + b.segs[i].h).to.be.closeTo(b.segs[i - 1].y, 0.01);
  });
  // one scale for every bar
  for (const r of perMs) expect(r).to.be.closeTo(perMs[0], perMs[0] * 0.001);
}

describe('web companion: the session log as a table and chart in Chromium', function () {
  this.timeout(60000);
  const b = browserBlock();

  it('formats what the log holds: a date once the clock was set, else the time since power-up; how it ended in words', () => {
    const d = new Date(DATED * 1000);
    expect(startText(DATED)).to.deep.equal({ text: `${d.getDate()} Mar 2025, ${String(d.getHours()).padStart(2, '0')}:00`, dated: true });
    expect(startText(312.5)).to.deep.equal({ text: '5:13 since power-up', dated: false });
    expect(startText(4000)).to.deep.equal({ text: '1:06:40 since power-up', dated: false });
    expect(duration(83500)).to.equal('1:24');
    expect(pausesText(2, 3500)).to.equal('2 (0:04)');
    expect(pausesText(0, 0)).to.equal('–');
    expect(endText('done')).to.equal('finished');
    expect(endText('ended')).to.equal('ended early (a very long press)');
    expect(endText('battery')).to.equal('ended: battery low');
    expect(endText('interrupted')).to.equal('cut off (power lost)');
  });

  it('a real pacer\'s log: a row group per session with its phases as the pacer logged them, a chart, the CSV unchanged', async () => {
    const pacer = new FakePacer(pastLog());
    playSession(pacer);
    expect(pacer.status().state).to.equal('done');
    const log: LoggedSession[] = readLog(pacer.engine.device.storage).map((r) => ({ n: r.n, entry: r.entry }));
    expect(log).to.have.length(6);
    const w = b.keep(await openWithPacer(b.h, pacer));
    const { page, errors } = w;
    // the custom protocol of the form names a custom session's phases
    await page.selectOption('#f-protocol', 'custom');
    await connect(page);
    expect(await page.isHidden('#r-log-view')).to.equal(true);
    expect(await act(page, '#r-log')).to.deep.equal({ kind: 'ok', text: '6 sessions read from the pacer.' });
    await page.waitForSelector('#r-log-view table.log-table');

    const shown = await table(page, '#r-log-view');
    expectTable(shown, log, {
      'head-drainage': ['Venous angle', 'Water wheel', 'Venous angle, close'],
      'head-neck': ['Venous angle', 'Neck stretch'],
      'short-neck': ['Venous angle', 'Side of the neck'],
    });
    // what the therapist reads
    const byN = (n: number) => shown.find((s) => s.n === String(n)) as Shown;
    expect(byN(0).head).to.match(/^#0\d+ Mar 2025, \d\d:00Head drainagefinished2:45, 138 pumps$/);
    expect(byN(3).head).to.contain('Short neck', 'a custom session named from the form\'s custom protocol');
    expect(byN(1).phases[1].cells).to.deep.equal(['2. Neck stretch', '0:09', '6', '2 (0:04)']);
    expect(byN(3).when).to.equal('5:13 since power-up');
    expect(byN(3).ended).to.equal('ended: battery low');
    expect(await text(page, '#r-log-view tbody[data-n="4"] .s-none')).to.equal('no phase finished');
    // the session just played: started since power-up, a pause in the water wheel
    const live = log[log.length - 1].entry as LogEntry;
    expect(live.phases[1][3]).to.equal(1);
    expect(byN(5).when).to.match(/since power-up$/);
    expect(byN(5).phases[1].cells[3]).to.equal(pausesText(1, live.phases[1][4]));
    expect(await text(page, '#r-log-view .log-summary')).to.equal('6 sessions in the log, 2 finished; newest first below.');

    await expectChart(page, '#r-log-view', log);
    expect(await page.locator('#r-log-view .log-legend li').allTextContents()).to.deep.equal(['1. Venous angle', '2. Water wheel', '3. Venous angle, close', 'paused']);
    // the raw lines are still there, folded away
    expect(await page.isVisible('#r-log-raw')).to.equal(true);
    expect(await page.isVisible('#r-log-text')).to.equal(false);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#r-csv')]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    // as before: the CSV names a custom session's phases from the form's custom protocol
    expect(csv).to.equal(toCsv(log, JSON.parse(await page.inputValue('#f-custom'))));
    expect(csv).to.contain('\n3,short-neck,312.500,battery,1,side-of-neck,12.500,10,0,0.000\n');
    expect(errors).to.deep.equal([]);
  });

  it('the virtual pacer\'s log: the same table and chart from its Storage, and its CSV', async () => {
    const w = b.keep(await newPage(b.h));
    const { page, errors } = w;
    await page.goto(b.h.url);
    await acknowledgeSafety(page);
    await page.evaluate(() => __pacer.freeze());
    await page.click('#v-log');
    expect(await text(page, '#v-log-view')).to.equal('No session logged yet.');
    // a session: phase 1 for 8 s, a 3 s pause in phase 2, then the close by itself
    const hold = async (ms: number) => {
      const box = (await page.locator('#v-button').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.evaluate((t) => __pacer.advance(t), ms);
      await page.mouse.up();
    };
    await page.click('#v-button');
    await page.evaluate(() => __pacer.advance(8000));
    await page.click('#v-button');
    await page.evaluate(() => __pacer.advance(4000));
    await hold(1500);
    await page.evaluate(() => __pacer.advance(3000));
    await page.click('#v-button');
    await page.evaluate(() => __pacer.advance(5000));
    await page.click('#v-button');
    await page.evaluate(() => __pacer.advance(20000));
    const log = await page.evaluate(() => __pacer.log());
    expect(log).to.have.length(1);
    expect(log[0].entry?.end).to.equal('done');
    expect(log[0].entry?.phases.map((p) => p[3])).to.deep.equal([0, 1, 0]);
    await page.click('#v-log');
    expectTable(await table(page, '#v-log-view'), log, { 'head-drainage': ['Venous angle', 'Water wheel', 'Venous angle, close'] });
    await expectChart(page, '#v-log-view', log);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#v-csv')]);
    expect(download.suggestedFilename()).to.equal('virtual-pacer-log.csv');
    expect(readFileSync((await download.path()) as string, 'utf8')).to.equal(toCsv(log));
    expect(errors).to.deep.equal([]);
  });
});
