// The heap walk: from the roots the interpreter would hold (the root's
// variables, armed timers and watches, event handlers, running calls), every
// value reachable, each counted once, in JsVars by the rules of
// sim/jsvars/shape.ts and sim/jsvars/costs.ts. A reachable value is a held
// one: the interpreter frees by reference count and collects cycles, so what
// nothing reaches is gone after a garbage collection.
import { functionVars, runningCallVars, typedArrayVars } from './costs';
import { Frame, Runtime } from './runtime';
import { isIndexKey, nameVars, packs, Shape, sizedStringVars, stringVars } from './shape';

/** What the walk needs to know about the values it meets that are not plain data. */
export interface ValueKinds {
  /** The interpreter's own objects (E, JSON, the Storage module...): counted where they are made, not where they are kept. */
  isBuiltin(v: object): boolean;
  isPin(v: object): boolean;
  /** A string that stays in flash (a Storage read, a long literal of pretokenised code run from Storage). */
  inFlash(s: string): boolean;
  /** Objects whose prototype is no prototype of theirs for the interpreter (Object.prototype of any realm). */
  isPlainProto(p: object | null): boolean;
}

/** Characters of the stack trace an Error keeps: "    at <function> (<file>:<line>:<col>)", the code line, a caret. */
const STACK_CHARS = 100;

/** Function properties Node makes that the interpreter has not (or makes only when used: prototype). */
const NODE_FUNCTION_PROPS = new Set(['length', 'name', 'prototype', 'arguments', 'caller']);

export class Walk {
  private seen = new Set<unknown>();
  private frames = new Set<Frame>();
  private total = 0;

  /** The vars counted so far. */
  get vars(): number {
    return this.total;
  }

  constructor(private readonly s: Shape, private readonly rt: Runtime, private readonly kinds: ValueKinds) {}

  /** A variable or property: its NAME and its value (an integer NAME packs booleans too). */
  named(name: string, v: unknown): void {
    // the value first: counting it may add what it holds to the total
    const value = this.slot(v, isIndexKey(name));
    this.add((isIndexKey(name) ? 1 : nameVars(this.s, name.length)) + value);
  }

  /** Add vars to the total (always through here: `total += f()` would lose what f() adds meanwhile). */
  add(n: number): void {
    this.total += n;
  }

  /** A value held by a NAME: packed into it, or the vars of the value. */
  slot(v: unknown, indexName: boolean): number {
    if (v === undefined) return 0;
    if (typeof v === 'number') return packs(this.s, v) ? 0 : 1;
    if (typeof v === 'boolean') return indexName ? 0 : 1;
    return this.value(v);
  }

  /** A value's own vars (and, first time it is met, everything it holds). */
  value(v: unknown): number {
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return 1;
    // a string per NAME that holds it: the model cannot tell one string shared by two NAMEs
    // (an assignment, Object.assign) from two equal strings (two evaluations of a literal)
    if (typeof v === 'string') return this.kinds.inFlash(v) ? 1 : stringVars(this.s, v.length);
    if (typeof v !== 'object' && typeof v !== 'function') return 0;
    if (this.seen.has(v)) return 0;
    this.seen.add(v);
    const o = v as object;
    if (this.kinds.isBuiltin(o)) return 0;
    if (this.kinds.isPin(o)) return 1;
    if (typeof v === 'function') return this.func(v as (...a: unknown[]) => unknown);
    if (ArrayBuffer.isView(o)) return typedArrayVars(this.s, o.byteLength);
    if (o instanceof ArrayBuffer) return 1 + sizedStringVars(this.s, o.byteLength);
    const kind = Object.prototype.toString.call(o);
    if (kind === '[object Error]') return this.error(o as Error);
    if (kind === '[object Promise]') return this.promise();
    if (kind === '[object RegExp]') return this.regexp(o as RegExp);
    this.properties(o, Array.isArray(o) ? ['length'] : []);
    const proto = Object.getPrototypeOf(o);
    if (!Array.isArray(o) && !this.kinds.isPlainProto(proto)) this.named('__proto__', proto);
    // a function's prototype (met through an instance, or the function): the function's "prototype" NAME
    const ctor = Object.getOwnPropertyDescriptor(o, 'constructor')?.value as unknown;
    if (typeof ctor === 'function' && this.rt.made.has(ctor) && (ctor as { prototype?: unknown }).prototype === o) {
      this.add(nameVars(this.s, 'prototype'.length));
    }
    return 1;
  }

  /**
   * An Error (jswrap_error_constructor): the object, "__proto__", "message" and its string, "type"
   * and the class name, "stack" and the stack trace the interpreter writes (about a code line:
   * taken as STACK_CHARS characters).
   */
  private error(e: Error): number {
    const s = this.s;
    this.named('message', String(e.message));
    return 1 + nameVars(s, 9) + nameVars(s, 4) + stringVars(s, e.name.length) + nameVars(s, 5) + stringVars(s, STACK_CHARS);
  }

  /** A RegExp (jswrap_regexp_constructor): the object, "__proto__", "source" and "flags" with their strings, "lastIndex". */
  private regexp(r: RegExp): number {
    const s = this.s;
    return 1 + nameVars(s, 9) + nameVars(s, 6) + stringVars(s, r.source.length) + nameVars(s, 5) + stringVars(s, r.flags.length) + nameVars(s, 9);
  }

  /** A Promise (jswrap_promise): the object, "__proto__", "state" (packed) and "\xFFval". */
  private promise(): number {
    return 1 + nameVars(this.s, 9) + nameVars(this.s, 5) + 1;
  }

  private properties(o: object, skip: string[]): void {
    for (const key of Object.getOwnPropertyNames(o)) {
      if (skip.includes(key)) continue;
      const d = Object.getOwnPropertyDescriptor(o, key);
      if (!d || d.get || d.set) continue;
      this.named(key, d.value);
    }
  }

  private func(f: (...a: unknown[]) => unknown): number {
    const made = this.rt.made.get(f);
    // a function the code did not make is one of the interpreter's (a native function var)
    if (!made) return 1;
    let n = functionVars(this.s, made.fn, made.frame ? made.frame.depth : 0, made.fn.codeInFlash);
    if (made.frame) this.frame(made.frame);
    for (const key of Object.getOwnPropertyNames(f)) if (!NODE_FUNCTION_PROPS.has(key)) this.named(key, (f as unknown as Record<string, unknown>)[key]);
    // a prototype the code gave members (Node makes one for every function; the interpreter only when used)
    const proto = Object.getOwnPropertyDescriptor(f, 'prototype')?.value as object | undefined;
    if (proto && Object.getOwnPropertyNames(proto).some((k) => k !== 'constructor')) n += this.value(proto);
    return n;
  }

  /** A scope kept alive (by a closure made in it, or a call running in it) and the scopes it was made in. */
  frame(f: Frame): void {
    for (let fr: Frame | null = f; fr && !this.frames.has(fr); fr = fr.parent) {
      this.frames.add(fr);
      this.add(1);
      if (fr.r) this.variables(fr.scope.names, fr.r);
      for (const e of fr.evaluated ?? []) this.variables(e.names, e.r);
      // a named function expression's call scope holds its own name
      const fn = fr.scope.fn !== null ? this.rt.fnInfo(fr.scope.fn) : null;
      if (fn && fn.ownName !== null) this.add(nameVars(this.s, fn.ownName.length));
    }
  }

  /** Variables read through a reader: a NAME each and its value; one not declared yet (temporal dead zone) has no NAME yet. */
  variables(names: string[], r: (i: number) => unknown): void {
    for (let i = 0; i < names.length; i++) {
      let v: unknown;
      try {
        v = r(i);
      } catch {
        continue;
      }
      const value = this.slot(v, false);
      this.add(nameVars(this.s, names[i].length) + value);
    }
  }

  /** What a call or block holds while it runs, beyond its scope: for a call, its function too. */
  running(f: Frame): void {
    this.frame(f);
    if (f.scope.kind === 'block') {
      this.add(1);
      return;
    }
    const info = f.scope.fn !== null ? this.rt.fnInfo(f.scope.fn) : null;
    const chain = f.parent ? f.parent.depth : 0;
    this.add(runningCallVars(info, chain));
    const fn = this.rt.runningFunction(f);
    if (fn) this.add(this.value(fn));
    else if (info) this.add(functionVars(this.s, info, chain, info.codeInFlash));
  }
}
