// The runtime side of the instrumented code (sim/jsvars/instrument.ts): the
// object the code calls as `__jsv` in the realm. It keeps the frames of the
// calls and blocks that are running (a stack), the frame each function
// object was made in (a WeakMap), the readers of the scripts' top-level
// let/const, and which of the interpreter's built-in objects and prototypes
// the code has made. Every call entry and exit is a moment the model samples
// for its peak.
import { FnInfo, ScopeInfo, Tables } from './instrument';

/** One running (or kept) scope: a call's variables, or a block's let/const. */
export interface Frame {
  readonly scope: ScopeInfo;
  /** The scope it was made in (a function's frame: where the function was made). */
  readonly parent: Frame | null;
  /** Reads the scope's variables, in scope.names order (throws in the temporal dead zone). */
  r: ((i: number) => unknown) | null;
  /** Scopes in its chain, itself included: the interpreter's scope list while it runs. */
  readonly depth: number;
  /** Function objects made in this scope, by function id: a running call finds its function here. */
  made?: Map<number, object>;
  /** The top-level let/const of code evaluated in this scope (eval runs in its caller's scope). */
  evaluated?: Reader[];
}

/** A scope's variables by name, read one by one. */
export interface Reader {
  names: string[];
  r: (i: number) => unknown;
}

/** A function object as it was made: which function, in which frame, code in flash or RAM. */
export interface Made {
  readonly fn: FnInfo;
  readonly frame: Frame | null;
}

/** A prototype the interpreter made for a built-in: with a "constructor" (jspNewPrototype) or without. */
export type ProtoState = 'constructor' | 'plain';

/** The prototype chain the interpreter walks for a member of a basic value (jswGetBasicObjectPrototypeName). */
const CHAIN: Record<string, string[]> = {
  Array: ['Array', 'Object'], String: ['String', 'Object'], Number: ['Number', 'Object'],
  Function: ['Function', 'Object'], Pin: ['Pin', 'Object'],
};
const TYPED = ['Uint8Array', 'Uint8ClampedArray', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array'];
for (const t of TYPED) CHAIN[t] = [t, 'ArrayBufferView', 'Object'];

/** Own properties Node gives every function, which the interpreter's functions do not have. */
const NODE_OWN = new Set(['length', 'name', 'arguments', 'caller']);

export interface RuntimeHost {
  /** A moment to sample the live JsVars (a call or block begins or ends; `temporary`: a value just made). */
  sample(temporary?: unknown): void;
  /** The frame a script's top level runs in: null at the root; an eval runs in its caller's scope. */
  scriptBase(script: number): Frame | null;
  /** Values the interpreter holds as native functions (E, JSON, Storage...): a member lookup on one is a Function's. */
  isBuiltin(v: unknown): boolean;
  isPin(v: unknown): boolean;
}

export class Runtime {
  readonly stack: Frame[] = [];
  readonly made = new WeakMap<object, Made>();
  /** Function objects made at the top level (no frame), by function id (the last one made). */
  private readonly madeAtRoot = new Map<number, WeakRef<object>>();
  /** Top-level let/const of each script run (the interpreter keeps them in its root). */
  readonly rootReaders: Reader[] = [];
  /** Built-in objects with a NAME in the interpreter's root (Function and Object are there before any code runs). */
  readonly roots = new Set<string>(['Function', 'Object']);
  readonly protos = new Map<string, ProtoState>([['Function', 'constructor'], ['Object', 'constructor']]);
  /** The object the instrumented code calls. */
  readonly hook: Record<string, unknown>;

  constructor(private readonly tables: Tables, private readonly host: RuntimeHost) {
    const enter = (scope: number, parent: Frame | null): Frame => {
      const frame: Frame = { scope: tables.scopes[scope], parent, r: null, depth: (parent ? parent.depth : 0) + 1 };
      this.stack.push(frame);
      host.sample();
      return frame;
    };
    this.hook = {
      e: enter,
      b: enter,
      x: (frame: Frame) => {
        host.sample();
        const i = this.stack.lastIndexOf(frame);
        if (i >= 0) this.stack.length = i;
      },
      f: (fn: object, frame: Frame | null, id: number) => {
        this.made.set(fn, { fn: tables.fns[id], frame });
        if (frame) (frame.made ??= new Map()).set(id, fn);
        else this.madeAtRoot.set(id, new WeakRef(fn));
        return fn;
      },
      p: (script: number, r: ((i: number) => unknown) | null, names: string[]) => {
        const base = host.scriptBase(script);
        // a script's top-level let/const: the root's, or the calling function's for an eval in a call
        if (r) (base ? (base.evaluated ??= []) : this.rootReaders).push({ names, r });
        return base;
      },
      r: (name: string, value: unknown, isNew?: number) => {
        this.roots.add(name);
        if (isNew && !this.protos.has(name)) this.protos.set(name, 'constructor');
        return value;
      },
      t: (value: unknown) => {
        host.sample(value);
        return value;
      },
      m: (value: unknown, member: string) => {
        const basic = this.basicName(value);
        if (basic && !this.ownMember(value, member)) this.prototypeLookup(basic);
        return value;
      },
    };
  }

  fnInfo(id: number): FnInfo {
    return this.tables.fns[id];
  }

  /**
   * The function object a call frame runs: the interpreter keeps it locked while it runs, kept or
   * not. A function made twice in one scope (in a loop) is found as its last one.
   */
  runningFunction(f: Frame): object | undefined {
    if (f.scope.fn === null) return undefined;
    return f.parent ? f.parent.made?.get(f.scope.fn) : this.madeAtRoot.get(f.scope.fn)?.deref();
  }

  /** The frame that is running now (null at the top level). */
  top(): Frame | null {
    return this.stack.length ? this.stack[this.stack.length - 1] : null;
  }

  /** A member the value has itself (a function's or an array's own property; a function's prototype is made apart). */
  private ownMember(v: unknown, member: string): boolean {
    if (typeof v === 'function') return member === 'prototype' || (Object.prototype.hasOwnProperty.call(v, member) && !NODE_OWN.has(member));
    if (Array.isArray(v)) return member !== 'length' && Object.prototype.hasOwnProperty.call(v, member);
    return false;
  }

  /** The interpreter's name for a value's basic type (jswGetBasicObjectName), when it has a prototype to make. */
  private basicName(v: unknown): string | null {
    if (typeof v === 'string') return 'String';
    if (typeof v === 'number' || typeof v === 'boolean') return 'Number';
    if (typeof v === 'function' || this.host.isBuiltin(v)) return 'Function';
    if (Array.isArray(v)) return 'Array';
    if (this.host.isPin(v)) return 'Pin';
    if (ArrayBuffer.isView(v)) {
      const name = Object.getPrototypeOf(v)?.constructor?.name;
      return typeof name === 'string' && CHAIN[name] ? name : null;
    }
    return null;
  }

  /**
   * A member not found on a basic value: the interpreter looks along the type's prototype chain,
   * making each prototype the first time: with a "constructor" when it has to make the built-in
   * too (jspNewPrototype), a plain object when the built-in is already in the root
   * (jspGetNamedField making "prototype").
   */
  prototypeLookup(basic: string): void {
    for (const name of CHAIN[basic] ?? [basic, 'Object']) {
      if (this.protos.has(name)) continue;
      this.protos.set(name, this.roots.has(name) ? 'plain' : 'constructor');
      this.roots.add(name);
    }
  }
}
