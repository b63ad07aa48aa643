// The browser has no `vm`: the page installs an iframe realm (web/virtual/iframe-realm.ts)
// before the first virtual Espruino is made, so sim/realm.ts's Node default is never called.
export function createContext(): never {
  throw new Error('no vm in the browser: call useRealm(iframeRealm) first');
}
export function runInContext(): never {
  throw new Error('no vm in the browser: call useRealm(iframeRealm) first');
}
