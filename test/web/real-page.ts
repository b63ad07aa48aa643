// A page with the real-pacer half wired to a FakePacer over the fake
// Bluetooth, for the editor and log tests (test/web-editor.test.ts,
// test/web-log.test.ts): open it, click an operation and wait for its outcome.
import { expect } from 'chai';
import { acknowledgeSafety, Harness, newPage, Page, WatchedPage } from './browser';
import { FakeMode, installFakeBluetooth } from './fake-bluetooth';
import { FakePacer } from './fake-pacer';

/** Click, then wait for the operation's outcome: the message box leaves its busy state. */
export async function act(page: Page, selector: string): Promise<{ kind: string; text: string }> {
  await page.click(selector);
  await page.waitForFunction(() => {
    const m = document.getElementById('r-msg') as HTMLElement;
    return m.dataset.kind === 'ok' || m.dataset.kind === 'error';
  }, undefined, { timeout: 40000 });
  const box = page.locator('#r-msg');
  return { kind: (await box.getAttribute('data-kind')) ?? '', text: ((await box.textContent()) ?? '').trim() };
}

/** The page, behind its safety panel (acknowledged), with `pacer` on the far side of the fake Bluetooth. */
export async function openWithPacer(h: Harness, pacer?: FakePacer, mode: FakeMode = 'device'): Promise<WatchedPage> {
  const w = await newPage(h);
  if (pacer) await w.page.exposeFunction('__pacerBle', (m: Parameters<FakePacer['handle']>[0]) => pacer.handle(m));
  await w.page.addInitScript(installFakeBluetooth, mode);
  await w.page.goto(h.url);
  await acknowledgeSafety(w.page);
  return w;
}

export async function connect(page: Page): Promise<void> {
  const r = await act(page, '#r-connect');
  expect(r.kind, r.text).to.equal('ok');
}
