// Where a virtual Espruino's code runs: a global object and a way to run
// source text in it, as the interpreter's one global scope. On Node that is a
// `vm` context; the browser has no `vm`, so the web companion installs a realm
// on a same-origin hidden iframe's window (web/virtual/iframe-realm.ts). The
// virtual Espruino itself never knows which one it runs in.
import * as vm from 'vm';

export interface Realm {
  /** The global object the code sees (`global`, `this` at the top level). */
  readonly global: Record<string, any>;
  /** Run source text at the top level; `filename` names it in stack traces. */
  run(code: string, filename: string): unknown;
}

/** Makes a realm whose global object holds `globals` (a `global` member pointing at `globals` is the realm's own global). */
export type RealmFactory = (globals: Record<string, unknown>) => Realm;

export const nodeRealm: RealmFactory = (globals) => {
  const context = vm.createContext(globals);
  return { global: context, run: (code, filename) => vm.runInContext(code, context, { filename }) };
};

let factory: RealmFactory = nodeRealm;

/** The browser build calls this once, before the first virtual Espruino is made. */
export function useRealm(f: RealmFactory): void {
  factory = f;
}

export function createRealm(globals: Record<string, unknown>): Realm {
  return factory(globals);
}
