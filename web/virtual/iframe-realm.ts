// A realm for the virtual Espruino in the browser (sim/realm.ts): a hidden,
// same-origin iframe's window is the device's global object, and its own
// eval runs code at its top level, as vm.runInContext does on Node. The
// globals the virtual Espruino builds are copied onto that window, and the
// built-ins the interpreter lacks are deleted there by the virtual Espruino
// itself, so the firmware meets them missing as on the device. The window
// still has the DOM (document, fetch, ...), which no Espruino has: the Node
// tests, on a bare vm context, are the strict check of the bundle; here it
// only has to run.
import { Realm, RealmFactory } from '../../sim/realm';

/** One virtual Espruino at a time in the page: a new realm drops the previous iframe. */
let current: HTMLIFrameElement | null = null;

export const iframeRealm: RealmFactory = (globals) => {
  if (current) current.remove();
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.title = 'virtual Espruino';
  frame.setAttribute('aria-hidden', 'true');
  document.body.appendChild(frame);
  current = frame;
  const win = frame.contentWindow as unknown as Record<string, any>;
  // the window's own eval, kept before the device's `eval` global replaces it; called
  // indirectly it runs at the top level, like the interpreter's global scope
  const nativeEval = win.eval as (code: string) => unknown;
  for (const key of Object.keys(globals)) win[key] = globals[key] === globals ? win : globals[key];
  const realm: Realm = {
    global: win,
    run: (code, filename) => nativeEval.call(win, `${code}\n//# sourceURL=${filename}`),
  };
  return realm;
};
