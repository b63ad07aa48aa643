// The web companion and a pacer with a secret (README: Security), in a real
// browser: the Puck.js bundle booted in Node with Storage pacer.key (its
// console locked by the firmware itself, E.setPassword / E.lockConsole; its
// Bluetooth passkey set, NRF.setSecurity) behind the fake navigator.bluetooth,
// which makes a link pair with the passkey first (the system's pairing
// dialog: window.__fakePairing). The page must work only with the right
// secret: asked once per connection, a wrong one said and nothing changed, a
// refused pairing said, too many wrong ones ending the link, and the secret
// never kept in plain text (not in the page, not in its storage).
import { expect } from 'chai';
import { decodeStored } from '../firmware/core/stored';
import { acknowledgeSafety, browserBlock, newPage, Page } from './web/browser';
import { FakeMode, installFakeBluetooth } from './web/fake-bluetooth';
import { FakePacer } from './web/fake-pacer';

const SECRET = '482913';

/** Wait for the operation's outcome: the message box leaves its busy state. */
async function outcome(page: Page): Promise<{ kind: string; text: string }> {
  await page.waitForFunction(() => {
    const m = document.getElementById('r-msg') as HTMLElement;
    return m.dataset.kind === 'ok' || m.dataset.kind === 'error';
  }, undefined, { timeout: 60000 });
  const box = page.locator('#r-msg');
  return { kind: (await box.getAttribute('data-kind')) ?? '', text: ((await box.textContent()) ?? '').trim() };
}

/** The prompt, open, for the n-th time on this connection (data-wrong: the wrong secrets so far). */
async function prompt(page: Page, wrong: number): Promise<string> {
  try {
    await page.waitForSelector(`#r-secret[open][data-wrong="${wrong}"]`, { timeout: 20000 });
  } catch (e) {
    throw new Error(`no prompt: ${await page.textContent('#r-msg')} / ${await page.evaluate(() => document.getElementById('r-secret')?.outerHTML.slice(0, 200))}`);
  }
  return ((await page.textContent('#r-secret-msg')) ?? '').trim();
}

async function type(page: Page, secret: string): Promise<void> {
  await page.fill('#r-secret-input', secret);
  await page.click('#r-secret-ok');
}

describe('web companion: a pacer with a secret (fake Bluetooth that pairs with the passkey, pacer simulated in Node)', function () {
  this.timeout(120000);
  const b = browserBlock();

  /** The page, with the pacer behind the fake Bluetooth; `pairing`: what the system's pairing dialog gets (null: cancelled). */
  async function open(pacer: FakePacer, pairing: string | null): Promise<Page> {
    const w = b.keep(await newPage(b.h));
    await w.page.exposeFunction('__pacerBle', (m: Parameters<FakePacer['handle']>[0]) => pacer.handle(m));
    await w.page.addInitScript((key) => {
      (window as unknown as { __fakePairing: string | null }).__fakePairing = key;
    }, pairing);
    await w.page.addInitScript(installFakeBluetooth, 'device' as FakeMode);
    await w.page.goto(b.h.url);
    await acknowledgeSafety(w.page);
    return w.page;
  }

  const locked = () => new FakePacer({ 'pacer.key': SECRET });

  it('the firmware locks the simulated pacer and asks to pair with its secret as the passkey', () => {
    const pacer = locked();
    expect(pacer.locked).to.equal(true);
    expect(pacer.passkey).to.equal(SECRET);
    expect(pacer.engine.device.security).to.deep.equal({ passkey: SECRET, mitm: 1, display: 1, encryptUart: 1 });
  });

  it('pairs, asks for the secret once: a wrong one is said and runs nothing, a malformed one is not sent, the right one opens it; push and flash work; nothing keeps it', async () => {
    const pacer = locked();
    const page = await open(pacer, SECRET);
    await page.click('#r-connect');
    expect(await prompt(page, 0)).to.equal('');
    expect(await page.textContent('#r-secret-title')).to.equal('The secret of Puck.js fake');
    await type(page, '593017');
    expect(await prompt(page, 1)).to.match(/^Wrong secret \(1 so far\): the pacer stays locked; nothing was read or changed\. The next try goes 0\.5 s after you send it\.$/);
    expect(pacer.ran, 'nothing ran on the locked pacer').to.deep.equal([]);
    await type(page, '48291');
    expect(await prompt(page, 1)).to.equal('Not sent: the secret is six digits, not 5.');
    await type(page, SECRET);
    expect(await outcome(page)).to.deep.equal({ kind: 'ok', text: 'Connected to Puck.js fake.' });
    expect(await page.textContent('#r-state')).to.equal('idle');
    // the pairing: once, with the passkey; the console: the library's first line and one wrong secret, then the right one
    const ble = await page.evaluate(() => (window as unknown as { __fakeBle: { pairings: unknown[] } }).__fakeBle.pairings);
    expect(ble).to.deep.equal([SECRET]);
    expect(pacer.bonded).to.equal(true);
    expect(pacer.engine.device.wrongAttempts).to.equal(2);
    expect(pacer.received.split(`\n${SECRET}\n`)).to.have.length(2);
    expect(pacer.received).not.to.include('48291\n');

    // it works: a push is stored
    await page.selectOption('#f-protocol', 'head-neck');
    await page.click('#r-push');
    expect(await outcome(page)).to.deep.equal({ kind: 'ok', text: 'Stored on the pacer: protocol head-neck, 60 pumps a minute.' });
    const pro = pacer.storage.get('pacer.pro');
    expect(pro === undefined ? undefined : decodeStored(pro)?.v).to.equal('head-neck');

    // a flash restarts the pacer (load()): its console locks again, and the page types the secret it kept for this connection
    pacer.clockRuns = true;
    await page.click('#r-flash');
    const flashed = await outcome(page);
    expect(flashed.kind, flashed.text).to.equal('ok');
    expect(flashed.text).to.match(/^Firmware \w+ flashed and started \(pacer idle\)\.$/);
    expect(pacer.loads).to.equal(1);
    expect(pacer.locked).to.equal(false);
    expect(pacer.received.split(`\n${SECRET}\n`)).to.have.length(3);
    expect(pacer.storage.get('pacer.key'), 'the flash keeps the secret').to.equal(SECRET);

    // nothing in the page keeps it: not the field, not its storage, not the document
    const kept = await page.evaluate(() => ({
      input: (document.getElementById('r-secret-input') as HTMLInputElement).value,
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      html: document.documentElement.outerHTML,
      cookie: document.cookie,
    }));
    expect(kept.input).to.equal('');
    for (const where of [kept.local, kept.session, kept.html, kept.cookie]) expect(where).not.to.include(SECRET);

    // disconnecting: the firmware locks its console again
    await page.click('#r-disconnect');
    expect((await outcome(page)).text).to.equal('Disconnected.');
    expect(pacer.locked).to.equal(true);
    expect(b.w!.errors).to.deep.equal([]);
  });

  it('a pairing refused (a wrong passkey in the system\'s dialog, or none): said, and nothing reaches the console', async () => {
    for (const pairing of ['593017', null]) {
      const pacer = locked();
      const page = await open(pacer, pairing);
      await page.click('#r-connect');
      const r = await outcome(page);
      expect(r.kind).to.equal('error');
      expect(r.text).to.match(/^Bluetooth pairing with the pacer was refused or cancelled \(Authentication (failed|canceled)\.\): a pacer with a secret pairs only with it as the passkey, typed into this computer's or phone's pairing dialog\. Nothing was read or changed\.$/);
      expect(pacer.received).to.equal('');
      expect(pacer.ran).to.deep.equal([]);
      expect(pacer.bonded).to.equal(false);
      expect(await page.isVisible('#r-secret')).to.equal(false);
      await page.close();
    }
  });

  it('the prompt cancelled: disconnected, nothing read or changed', async () => {
    const pacer = locked();
    const page = await open(pacer, SECRET);
    await page.click('#r-connect');
    await prompt(page, 0);
    await page.fill('#r-secret-input', '4829');
    await page.click('#r-secret-cancel');
    expect(await outcome(page)).to.deep.equal({ kind: 'error', text: 'No secret was given: disconnected. Nothing was read or changed.' });
    expect(pacer.ran).to.deep.equal([]);
    expect(pacer.connected).to.equal(false);
    expect(await page.inputValue('#r-secret-input')).to.equal('');
    expect(await page.isDisabled('#r-connect')).to.equal(false);
  });

  it('a flood of wrong secrets: each waits longer than the last, the fifth ends the link, nothing ran', async () => {
    const pacer = locked();
    const page = await open(pacer, SECRET);
    await page.click('#r-connect');
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) {
      await prompt(page, i);
      await type(page, `59301${i}`);
    }
    const r = await outcome(page);
    expect(r).to.deep.equal({ kind: 'error', text: '5 wrong secrets: disconnected. Nothing was read or changed. The secret is the six digits npm run flash printed for this pacer.' });
    expect(Date.now() - t0).to.be.at.least(500 + 1000 + 2000 + 4000);
    expect(pacer.engine.device.wrongAttempts).to.equal(6); // the library's first line, then five
    expect(pacer.ran).to.deep.equal([]);
    expect(pacer.connected).to.equal(false);
    expect(pacer.locked).to.equal(true);
  });

  it('once bonded, a new connection asks only for the console\'s secret (the pairing is kept)', async () => {
    const pacer = locked();
    let page = await open(pacer, SECRET);
    await page.click('#r-connect');
    await prompt(page, 0);
    await type(page, SECRET);
    expect((await outcome(page)).kind).to.equal('ok');
    await page.click('#r-disconnect');
    await outcome(page);
    await page.close();
    page = await open(pacer, null); // no pairing dialog answer this time: none is needed
    await page.click('#r-connect');
    await prompt(page, 0);
    await type(page, SECRET);
    expect(await outcome(page)).to.deep.equal({ kind: 'ok', text: 'Connected to Puck.js fake.' });
    expect(pacer.pairings).to.deep.equal([SECRET]);
  });
});
