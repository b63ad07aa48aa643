// The page's prompt for a locked pacer's secret (README: Security): the
// <dialog id="r-secret"> of index.html, installed as the transport's secret
// source (transport.ts setSecretSource). Asked once per connection (the
// transport keeps what it needs masked until the link goes); what was typed
// is taken out of the field at once, never stored (no localStorage, no
// cookie: nothing outlives the page's memory of this one call). It says
// why it asks again: a wrong secret (nothing was read or changed; the next
// attempt waits a little longer each time), or an entry that is not six
// digits (not sent at all).
import { SecretRequest, setSecretSource } from './transport';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T | null;

/** What the prompt says about the attempt to come. */
export function promptText(r: SecretRequest): string {
  if (r.problem) return `Not sent: ${r.problem}.`;
  if (r.wrong === 0) return '';
  const wait = r.waitMs > 0 ? ` The next try goes ${(r.waitMs / 1000).toFixed(1)} s after you send it.` : '';
  return `Wrong secret (${r.wrong} so far): the pacer stays locked; nothing was read or changed.${wait}`;
}

/** Install the prompt (main.ts calls this once the page is there). */
export function installSecretPrompt(): void {
  const dialog = $<HTMLDialogElement>('r-secret');
  const form = $<HTMLFormElement>('r-secret-form');
  const input = $<HTMLInputElement>('r-secret-input');
  const msg = $('r-secret-msg');
  const cancel = $<HTMLButtonElement>('r-secret-cancel');
  const title = $('r-secret-title');
  if (!dialog || !form || !input || !msg || !cancel || !title) return;
  setSecretSource(
    (r) =>
      new Promise<string | null>((resolve) => {
        title.textContent = `The secret of ${r.device}`;
        msg.textContent = promptText(r);
        dialog.dataset.wrong = String(r.wrong);
        input.value = '';
        const done = (v: string | null) => {
          form.removeEventListener('submit', submit);
          cancel.removeEventListener('click', close);
          dialog.removeEventListener('cancel', close);
          if (dialog.open) dialog.close();
          resolve(v);
        };
        const submit = (e: Event) => {
          e.preventDefault();
          const v = input.value;
          input.value = ''; // out of the page at once
          done(v);
        };
        const close = (e: Event) => {
          e.preventDefault();
          input.value = '';
          done(null);
        };
        form.addEventListener('submit', submit);
        cancel.addEventListener('click', close);
        dialog.addEventListener('cancel', close);
        if (!dialog.open) dialog.showModal();
        input.focus();
      }),
  );
}
