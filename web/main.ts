// The web companion's page: the safety panel, the virtual pacer (the real
// firmware in the browser), the protocol and settings form, and the real
// pacer over Web Bluetooth. window.__pacer is the test hook: it freezes the
// virtual pacer's clock and drives it by hand, so browser tests check the
// rhythm in virtual time, not against the wall clock.
import { useRealm } from '../sim/realm';
import { installSecretPrompt } from './real/secret-prompt';
import { RealView } from './real/view';
import { virtualLog, virtualSessions, watchRealLog } from './log/page';
import { SetupForm } from './setup-form';
import { iframeRealm } from './virtual/iframe-realm';
import { VirtualPacer } from './virtual/pacer';
import { VirtualView } from './virtual/view';

useRealm(iframeRealm);

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function safetyPanel(onAck: () => void): void {
  const panel = $('safety');
  const ack = $<HTMLInputElement>('safety-ack');
  const ok = $<HTMLButtonElement>('safety-ok');
  ack.addEventListener('change', () => (ok.disabled = !ack.checked));
  ok.addEventListener('click', () => {
    panel.hidden = true;
    onAck();
  });
  $('safety-open').addEventListener('click', () => (panel.hidden = false));
}

function start(): void {
  const form = new SetupForm();
  const first = form.read();
  if (!first) throw new Error('the default protocol and settings do not validate');
  let pacer = new VirtualPacer(first.protocol, first.settings);
  const view = new VirtualView(pacer);
  const button = $<HTMLButtonElement>('v-button');
  const frame = () => view.render();
  pacer.driver.start(frame);

  // the button: down is down, up is up (the firmware times the press)
  const down = (e: Event) => {
    e.preventDefault();
    button.classList.add('down');
    pacer.buttonDown();
    frame();
  };
  const up = () => {
    if (!button.classList.contains('down')) return;
    button.classList.remove('down');
    pacer.buttonUp();
    frame();
  };
  button.addEventListener('pointerdown', down);
  button.addEventListener('pointerup', up);
  button.addEventListener('pointerleave', up);
  button.addEventListener('keydown', (e) => {
    if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) down(e);
  });
  button.addEventListener('keyup', (e) => {
    if (e.key === ' ' || e.key === 'Enter') up();
  });

  safetyPanel(() => {
    button.disabled = false;
    button.focus();
  });

  $('apply-virtual').addEventListener('click', () => {
    const setup = form.read();
    if (!setup) {
      $('v-error').textContent = 'Fix the errors shown in the form first: the virtual pacer keeps its protocol and settings.';
      return;
    }
    $('v-error').textContent = '';
    const frozen = !pacer.driver.running;
    pacer.driver.stop();
    pacer = new VirtualPacer(setup.protocol, setup.settings);
    view.use(pacer);
    if (frozen) {
      pacer.freeze();
      frame();
    } else pacer.driver.start(frame);
  });

  new RealView(form);
  installSecretPrompt();
  watchRealLog(form);
  virtualLog(() => pacer);

  (window as unknown as { __pacer: unknown }).__pacer = {
    freeze: () => pacer.freeze(),
    advance: (ms: number) => {
      pacer.advance(ms);
      frame();
    },
    status: () => pacer.status(),
    levels: () => pacer.levels(),
    nowMs: () => pacer.nowUs / 1000,
    log: () => virtualSessions(pacer),
  };
}

try {
  start();
} catch (e) {
  $('v-error').textContent = `The virtual pacer could not start: ${(e as Error).message}`;
  throw e;
}
