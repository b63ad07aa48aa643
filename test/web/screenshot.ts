// npm run web:screenshot: the README's picture of the page (docs/web-companion.png),
// made the way the browser tests drive it: the virtual pacer mid-session (in
// virtual time: the same moment of the session every run, only the shake of the
// buzzing Puck differs), and the real-pacer half
// connected to the simulated pacer over the fake Bluetooth, its log read.
import * as path from 'path';
import { acknowledgeSafety, newPage, start } from './browser';
import { FakeMode, installFakeBluetooth } from './fake-bluetooth';
import { FakePacer } from './fake-pacer';

declare const __pacer: { freeze(): void; advance(ms: number): void; levels(): { led: number; motor: number } };

async function main(): Promise<void> {
  const out = path.join(__dirname, '../../docs/web-companion.png');
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
  } finally {
    await h.close();
  }
}

main().catch((e) => {
  console.error(`web:screenshot: ${(e as Error).message}`);
  process.exit(1);
});
