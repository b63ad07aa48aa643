// npm run web:screenshot: the README's pictures of the page, made the way the
// browser tests drive it:
// - docs/web-companion.png: the virtual pacer mid-session (in virtual time: the
//   same moment of the session every run, only the shake of the buzzing Puck
//   differs), and the real-pacer half connected to the simulated pacer over the
//   fake Bluetooth, its log read;
// - docs/web-editor.png: the phase editor with a protocol built in it (and one
//   field the validator refuses, its message at the field);
// - docs/web-log.png: a pacer's session log as the table and chart.
import * as path from 'path';
import { acknowledgeSafety, Harness, newPage, start } from './browser';
import { FakeMode, installFakeBluetooth } from './fake-bluetooth';
import { FakePacer } from './fake-pacer';
import { pastLog, playSession } from './past-log';

declare const __pacer: { freeze(): void; advance(ms: number): void; levels(): { led: number; motor: number } };

const DOCS = path.join(__dirname, '../../docs');

/** The editor with a protocol a therapist might make: the seed with a slower water wheel worked in three positions, the close counted down. */
async function editorShot(h: Harness): Promise<string> {
  const out = path.join(DOCS, 'web-editor.png');
  const { page, errors } = await newPage(h);
  await page.goto(h.url);
  await acknowledgeSafety(page);
  await page.selectOption('#f-protocol', 'custom');
  await page.selectOption('#ed-start', 'blank');
  await page.click('#ed-start-go');
  await page.fill('#ed-name', 'Seed, slower wheel');
  const phases = [
    { name: 'Venous angle', guide: 'Two fingers above the collarbone, extremely light', minutes: '1' },
    { name: 'Water wheel', guide: 'Where SCM meets the jaw; light, downward, arteries here', minutes: '1.5', ppm: '50', positions: ['front', 'side', 'back'] },
    { name: 'Close', guide: 'Back to the venous angle, fifteen light pumps', pumps: '15', countdown: '12' },
  ];
  for (const [i, p] of phases.entries()) {
    await page.click('#ed-add');
    await page.fill(`#ed-${i}-name`, p.name);
    await page.fill(`#ed-${i}-guide`, p.guide);
    if (p.minutes) await page.fill(`#ed-${i}-minutes`, p.minutes);
    if (p.pumps) await page.fill(`#ed-${i}-pumps`, p.pumps);
    if (p.ppm) await page.fill(`#ed-${i}-ppm`, p.ppm);
    if (p.countdown) await page.fill(`#ed-${i}-countdown`, p.countdown);
    for (const [k, name] of (p.positions ?? []).entries()) {
      await page.click(`#ed-phases > li:nth-child(${i + 1}) [data-act="add-pos"]`);
      await page.fill(`#ed-${i}-pos${k}`, name);
    }
  }
  await page.locator('#ed-2-countdown').blur();
  await page.locator('#setup').screenshot({ path: out });
  if (errors.length) throw new Error(errors.join('\n'));
  await page.close();
  return out;
}

/** A pacer's log with some past (dated sessions, one since power-up, one cut off, one damaged) and a session just played, read over the fake Bluetooth. */
async function logShot(h: Harness): Promise<string> {
  const out = path.join(DOCS, 'web-log.png');
  const pacer = new FakePacer(pastLog());
  playSession(pacer);
  const { page, errors } = await newPage(h);
  await page.exposeFunction('__pacerBle', (m: Parameters<FakePacer['handle']>[0]) => pacer.handle(m));
  await page.addInitScript(installFakeBluetooth, 'device' as FakeMode);
  await page.goto(h.url);
  await acknowledgeSafety(page);
  await page.click('#r-connect');
  await page.waitForSelector('#r-msg[data-kind="ok"]');
  await page.click('#r-log');
  await page.waitForSelector('#r-log-view table.log-table');
  await page.locator('#real').screenshot({ path: out });
  if (errors.length) throw new Error(errors.join('\n'));
  await page.close();
  return out;
}

async function main(): Promise<void> {
  const out = path.join(DOCS, 'web-companion.png');
  const h = await start();
  try {
    const pacer = new FakePacer();
    // one finished session in the real pacer's log
    pacer.press(120);
    pacer.advance(70000);
    pacer.press(120);
    pacer.advance(30000);
    pacer.press(3500);
    pacer.advance(2000);
    const { page, errors } = await newPage(h);
    await page.exposeFunction('__pacerBle', (m: Parameters<FakePacer['handle']>[0]) => pacer.handle(m));
    await page.addInitScript(installFakeBluetooth, 'device' as FakeMode);
    await page.goto(h.url);
    await acknowledgeSafety(page);
    await page.evaluate(() => __pacer.freeze());
    await page.click('#v-button');
    await page.evaluate(() => __pacer.advance(61000));
    await page.click('#v-button');
    // to the next pump's onset, so the picture shows the LED lit and the motor running
    await page.evaluate(() => {
      __pacer.advance(9000);
      for (let i = 0; i < 400 && !(__pacer.levels().led > 0 && __pacer.levels().motor > 0); i++) __pacer.advance(5);
    });
    await page.click('#r-connect');
    await page.waitForSelector('#r-msg[data-kind="ok"]');
    await page.click('#r-log');
    await page.waitForFunction(() => /read from the pacer/.test(document.getElementById('r-msg')?.textContent ?? ''));
    await page.screenshot({ path: out, fullPage: true });
    if (errors.length) throw new Error(errors.join('\n'));
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
    for (const shot of [editorShot, logShot]) console.log(`wrote ${path.relative(process.cwd(), await shot(h))}`);
  } finally {
    await h.close();
  }
}

main().catch((e) => {
  console.error(`web:screenshot: ${(e as Error).message}`);
  process.exit(1);
});
