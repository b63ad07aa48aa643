// The interpreter gate: reject a device bundle that Node would run but the
// Espruino 2v29 interpreter would not (SyntaxError, missing built-in, or a
// silent difference in meaning). The contract is the "NOT supported" column
// and the quirks in ../shared/reference/espruino.md.
//
// gate(code) parses the bundle with acorn, builds a small scope model (who
// declares what, which code runs when), and runs one check per rule. Every
// problem carries a stable rule id (GATE_RULES), a message that names the
// construct and says what to write instead, and a 1-based line and column.
import { getLineInfo, parse } from 'acorn';

export interface GateProblem {
  rule: string;
  message: string;
  /** 1-based line of the offending construct. */
  line: number;
  /** 1-based column (editor convention, so FILE:line:col can be clicked). */
  column: number;
}

/** Every rule id, with why the device needs it. The ids are stable: tests and docs use them. */
const RULE_DOCS = {
  'parse': 'the bundle must be valid JavaScript before anything else can be checked',
  'default-param': 'default parameter values are a SyntaxError on the device',
  'rest': 'rest parameters and rest elements are a SyntaxError on the device',
  'spread': 'spread in calls, arrays and object literals is a SyntaxError on the device',
  'destructuring': 'destructuring of any kind is a SyntaxError on the device',
  'computed-key': 'computed property keys in object literals and classes are a SyntaxError on the device',
  'optional-chaining': '?. is a SyntaxError on the device',
  'exponent': '** and **= are a SyntaxError on the device',
  'logical-assignment': '??=, ||= and &&= are a SyntaxError on the device',
  'label': 'labelled statements (and so labelled break/continue) are a SyntaxError on the device',
  'generator': 'generator functions are not supported by the device',
  'async': 'async functions and await are not supported by the device',
  'new-target': 'new.target is not supported by the device',
  'class-field': 'class fields are ES2022; the device supports ES2015 classes only',
  'private-name': 'private names (#x) are ES2022; the device supports ES2015 classes only',
  'static-block': 'class static blocks are ES2022; the device supports ES2015 classes only',
  'for-await': 'for await is not supported by the device',
  'regex-flag': 'the device RegExp honours only the g and i flags and silently ignores the others',
  'loop-closure': 'the device shares one let/const binding across loop iterations, so closures see the last value',
  'hoisting': 'the device does not hoist function declarations: a function is undefined until its statement has run',
  'missing-builtin': 'the device lacks these globals and methods: the call throws at run time',
  'error-subclass': 'a subclass of Error loses .message on the device',
  'inherited-static': 'the device does not inherit static methods: Sub.staticFn is undefined unless Sub defines it',
} as const;

type RuleId = keyof typeof RULE_DOCS;

export const GATE_RULES: string[] = Object.keys(RULE_DOCS);

// ---------------------------------------------------------------------------
// AST plumbing

/** An ESTree node as acorn produces it (locations on); loosely typed on purpose. */
interface N {
  type: string;
  start: number;
  end: number;
  loc?: { start: { line: number; column: number } } | null;
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const NON_CHILD_KEYS = new Set(['type', 'start', 'end', 'loc', 'range']);

function isNode(v: unknown): v is N {
  return typeof v === 'object' && v !== null && typeof (v as N).type === 'string';
}

/** The child nodes of a node, in source order for every ESTree node type acorn emits. */
function childrenOf(node: N): N[] {
  const out: N[] = [];
  for (const key of Object.keys(node)) {
    if (NON_CHILD_KEYS.has(key)) continue;
    const v = node[key];
    if (Array.isArray(v)) for (const item of v) { if (isNode(item)) out.push(item); }
    else if (isNode(v)) out.push(v);
  }
  return out;
}

const isFunction = (n: N | null | undefined): boolean =>
  !!n && (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression');
const isClass = (n: N | null | undefined): boolean => !!n && (n.type === 'ClassDeclaration' || n.type === 'ClassExpression');

/** The name of a non-computed property (`a.b`, `{b: 1}`) or of a string-literal computed one (`a['b']`). */
function propertyName(node: N): string | null {
  const key = node.type === 'MemberExpression' ? node.property : node.key;
  if (!node.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return null;
}

// ---------------------------------------------------------------------------
// Scope model
//
// One walk over the tree records, for every identifier reference, the binding
// it resolves to (null = a global) and its "owner": the function whose call
// runs that code. Code at the top level and inside immediately-invoked or
// synchronously-called functions (IIFEs, `fn.call(...)`, callbacks of
// forEach/map/..., Promise executors) is owned by the enclosing owner: it runs
// when the enclosing code runs. Any other function expression owns its body:
// that code runs only when something calls it later.

type Kind = 'var' | 'let' | 'const' | 'function' | 'param' | 'class' | 'catch' | 'self';

interface Scope { node: N; parent: Scope | null; isFunction: boolean; names: Map<string, Binding> }

interface Binding {
  name: string;
  kind: Kind;
  scope: Scope;
  /** The declaring node: FunctionDeclaration, ClassDeclaration, VariableDeclarator, the function of a param... */
  decl: N;
  /** The function or class the name is bound to, when the declaration says so. */
  value: N | null;
}

interface Ref { id: N; name: string; scope: Scope; owner: N; binding: Binding | null }

interface StatementList { stmts: N[]; scope: Scope; owner: N }

interface Loop { node: N; scope: Scope; owner: N }

interface Ctx { scope: Scope; owner: N }

interface BindSpec { kind: Kind; scope: Scope; decl: N; value: N | null }

/** Array methods that call their callback before they return. */
const SYNC_CALLBACK_METHODS = new Set([
  'forEach', 'map', 'filter', 'reduce', 'reduceRight', 'find', 'findIndex', 'some', 'every', 'sort',
]);

class Analysis {
  readonly parent = new Map<N, N | null>();
  readonly nodes: N[] = [];
  readonly refs: Ref[] = [];
  readonly refOf = new Map<N, Ref>();
  readonly refsByBinding = new Map<Binding, Ref[]>();
  readonly refsByOwner = new Map<N, Ref[]>();
  /** function -> the owner in effect where the function expression is created */
  readonly createdIn = new Map<N, N>();
  readonly lists: StatementList[] = [];
  readonly loops: Loop[] = [];

  constructor(program: N) {
    const scope = this.newScope(program, null, true);
    this.enter(program, null);
    this.visitStatements(program, program.body, scope, program);
    this.resolve();
  }

  // --- queries used by the rules

  parentOf(node: N): N | null {
    return this.parent.get(node) ?? null;
  }

  /** Is `id` called: `id(...)`, `new id(...)`, `id.call(...)`, `id.apply(...)`? */
  isInvoked(id: N): boolean {
    const p = this.parentOf(id);
    if (!p) return false;
    if ((p.type === 'CallExpression' || p.type === 'NewExpression') && p.callee === id) return true;
    return p.type === 'MemberExpression' && p.object === id && this.isCallApply(p);
  }

  /** The function bodies that run when the code at `r` runs: a called function, a class constructor, a static method. */
  callTargets(r: Ref): N[] {
    const v = r.binding?.value;
    if (!v) return [];
    if (isFunction(v)) return this.isInvoked(r.id) ? [v] : [];
    if (!isClass(v)) return [];
    const p = this.parentOf(r.id)!;
    if (p.type === 'NewExpression' && p.callee === r.id) return this.constructorsOf(v, new Set());
    const gp = p.type === 'MemberExpression' && p.object === r.id ? this.parentOf(p) : null;
    if (gp && gp.type === 'CallExpression' && gp.callee === p) {
      const name = propertyName(p);
      const m = classMembers(v).find((el) => el.static && el.type === 'MethodDefinition' && propertyName(el) === name);
      return m ? [m.value] : [];
    }
    return [];
  }

  // --- the walk

  private enter(node: N, parent: N | null): void {
    this.parent.set(node, parent);
    this.nodes.push(node);
  }

  private newScope(node: N, parent: Scope | null, isFn: boolean): Scope {
    return { node, parent, isFunction: isFn, names: new Map() };
  }

  private declare(id: N, spec: BindSpec): void {
    const prev = spec.scope.names.get(id.name);
    if (prev && prev.kind === 'function' && spec.kind === 'var') return; // `var f` does not undo `function f`
    spec.scope.names.set(id.name, { name: id.name, kind: spec.kind, scope: spec.scope, decl: spec.decl, value: spec.value });
  }

  private addRef(id: N, ctx: Ctx): void {
    const ref: Ref = { id, name: id.name, scope: ctx.scope, owner: ctx.owner, binding: null };
    this.refs.push(ref);
    this.refOf.set(id, ref);
  }

  private visit(node: N | null | undefined, parent: N | null, ctx: Ctx): void {
    if (!node) return;
    this.enter(node, parent);
    switch (node.type) {
      case 'FunctionDeclaration':
        this.declare(node.id, { kind: 'function', scope: ctx.scope, decl: node, value: node });
        return this.visitFunction(node, ctx);
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return this.visitFunction(node, ctx);
      case 'ClassDeclaration':
        this.declare(node.id, { kind: 'class', scope: ctx.scope, decl: node, value: node });
        return this.visitClass(node, ctx);
      case 'ClassExpression':
        return this.visitClass(node, ctx);
      case 'VariableDeclaration':
        return this.visitDeclaration(node, ctx);
      case 'BlockStatement':
      case 'StaticBlock':
        return this.visitStatements(node, node.body, this.newScope(node, ctx.scope, false), ctx.owner);
      case 'SwitchStatement':
        return this.visitSwitch(node, ctx);
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
        return this.visitLoop(node, ctx);
      case 'CatchClause':
        return this.visitCatch(node, ctx);
      case 'Identifier':
        return this.addRef(node, ctx);
      case 'MemberExpression':
        this.visit(node.object, node, ctx);
        return node.computed ? this.visit(node.property, node, ctx) : this.enter(node.property, node);
      case 'Property':
      case 'MethodDefinition':
      case 'PropertyDefinition':
        if (node.computed) this.visit(node.key, node, ctx);
        else this.enter(node.key, node);
        return this.visit(node.value, node, ctx);
      case 'LabeledStatement':
        this.enter(node.label, node);
        return this.visit(node.body, node, ctx);
      case 'BreakStatement':
      case 'ContinueStatement':
        if (node.label) this.enter(node.label, node);
        return;
      case 'MetaProperty':
        return;
      case 'AssignmentExpression':
        this.visitTarget(node.left, node, ctx);
        return this.visit(node.right, node, ctx);
      case 'UpdateExpression':
        return this.visitTarget(node.argument, node, ctx);
      default:
        for (const child of childrenOf(node)) this.visit(child, node, ctx);
    }
  }

  private visitStatements(container: N, stmts: N[], scope: Scope, owner: N): void {
    this.lists.push({ stmts, scope, owner });
    for (const s of stmts) this.visit(s, container, { scope, owner });
  }

  private visitFunction(fn: N, ctx: Ctx): void {
    const owner = this.isEager(fn) ? ctx.owner : fn;
    this.createdIn.set(fn, ctx.owner);
    const scope = this.newScope(fn, ctx.scope, true);
    const inner: Ctx = { scope, owner };
    if (fn.id) {
      this.enter(fn.id, fn);
      if (fn.type === 'FunctionExpression') this.declare(fn.id, { kind: 'self', scope, decl: fn, value: fn });
    }
    for (const p of fn.params) this.visitPattern(p, fn, inner, { kind: 'param', scope, decl: fn, value: null });
    if (fn.body.type !== 'BlockStatement') return this.visit(fn.body, fn, inner);
    this.enter(fn.body, fn); // the body shares the function scope (params and body names together)
    this.visitStatements(fn.body, fn.body.body, scope, owner);
  }

  /** Does this function expression run right where it is written (IIFE, `.call`, sync callback, Promise executor)? */
  private isEager(fn: N): boolean {
    const p = this.parentOf(fn);
    if (!p) return false;
    if ((p.type === 'CallExpression' || p.type === 'NewExpression') && p.callee === fn) return true;
    if (p.type === 'MemberExpression' && p.object === fn) return this.isCallApply(p);
    if (p.type === 'CallExpression' && p.arguments.includes(fn)) {
      const c = p.callee;
      return c.type === 'MemberExpression' && SYNC_CALLBACK_METHODS.has(propertyName(c) ?? '');
    }
    return p.type === 'NewExpression' && p.arguments[0] === fn && p.callee.type === 'Identifier' && p.callee.name === 'Promise';
  }

  /** `x.call(...)` / `x.apply(...)` where `member` is `x.call`. */
  private isCallApply(member: N): boolean {
    const name = propertyName(member);
    const gp = this.parentOf(member);
    return (name === 'call' || name === 'apply') && !!gp && gp.type === 'CallExpression' && gp.callee === member;
  }

  private visitClass(node: N, ctx: Ctx): void {
    let scope = ctx.scope;
    if (node.id) {
      this.enter(node.id, node);
      if (node.type === 'ClassExpression') {
        scope = this.newScope(node, ctx.scope, false);
        this.declare(node.id, { kind: 'self', scope, decl: node, value: node });
      }
    }
    this.visit(node.superClass, node, ctx);
    this.enter(node.body, node);
    for (const el of node.body.body) this.visit(el, node.body, { scope, owner: ctx.owner });
  }

  private visitDeclaration(node: N, ctx: Ctx): void {
    const kind = node.kind as Kind;
    let scope = ctx.scope;
    if (kind === 'var') while (!scope.isFunction && scope.parent) scope = scope.parent;
    for (const d of node.declarations) {
      this.enter(d, node);
      const value = isFunction(d.init) || isClass(d.init) ? d.init : null;
      this.visitPattern(d.id, d, ctx, { kind, scope, decl: d, value: d.id.type === 'Identifier' ? value : null });
      this.visit(d.init, d, ctx);
    }
  }

  private visitSwitch(node: N, ctx: Ctx): void {
    this.visit(node.discriminant, node, ctx);
    const inner: Ctx = { scope: this.newScope(node, ctx.scope, false), owner: ctx.owner };
    const stmts: N[] = [];
    for (const c of node.cases) {
      this.enter(c, node);
      this.visit(c.test, c, inner);
      for (const s of c.consequent) this.visit(s, c, inner);
      stmts.push(...c.consequent);
    }
    this.lists.push({ stmts, scope: inner.scope, owner: ctx.owner });
  }

  private visitLoop(node: N, ctx: Ctx): void {
    const inner: Ctx = { scope: this.newScope(node, ctx.scope, false), owner: ctx.owner };
    this.loops.push({ node, scope: inner.scope, owner: ctx.owner });
    if (node.type === 'ForStatement') {
      for (const part of [node.init, node.test, node.update]) this.visit(part, node, inner);
    } else {
      if (node.left.type === 'VariableDeclaration') this.visit(node.left, node, inner);
      else this.visitTarget(node.left, node, inner);
      this.visit(node.right, node, inner);
    }
    this.visit(node.body, node, inner);
  }

  private visitCatch(node: N, ctx: Ctx): void {
    const scope = this.newScope(node, ctx.scope, false);
    if (node.param) this.visitPattern(node.param, node, { scope, owner: ctx.owner }, { kind: 'catch', scope, decl: node, value: null });
    this.visit(node.body, node, { scope, owner: ctx.owner });
  }

  /** The left side of an assignment or update: identifiers in it are written, not declared. */
  private visitTarget(target: N, parent: N, ctx: Ctx): void {
    if (target.type === 'Identifier') {
      this.enter(target, parent);
      return this.addRef(target, ctx);
    }
    if (target.type === 'ObjectPattern' || target.type === 'ArrayPattern') return this.visitPattern(target, parent, ctx, null);
    this.visit(target, parent, ctx);
  }

  /** A binding pattern; `bind` null means an assignment pattern (identifiers are writes). */
  private visitPattern(p: N | null, parent: N, ctx: Ctx, bind: BindSpec | null): void {
    if (!p) return;
    if (p.type === 'MemberExpression') return this.visit(p, parent, ctx);
    this.enter(p, parent);
    switch (p.type) {
      case 'Identifier':
        return bind ? this.declare(p, bind) : this.addRef(p, ctx);
      case 'ObjectPattern':
        for (const prop of p.properties) {
          if (prop.type === 'RestElement') { this.visitPattern(prop, p, ctx, bind); continue; }
          this.enter(prop, p);
          if (prop.computed) this.visit(prop.key, prop, ctx);
          else this.enter(prop.key, prop);
          this.visitPattern(prop.value, prop, ctx, bind);
        }
        return;
      case 'ArrayPattern':
        for (const el of p.elements) this.visitPattern(el, p, ctx, bind);
        return;
      case 'RestElement':
        return this.visitPattern(p.argument, p, ctx, bind);
      case 'AssignmentPattern':
        this.visitPattern(p.left, p, ctx, bind);
        return this.visit(p.right, p, ctx);
    }
  }

  // --- after the walk

  private resolve(): void {
    for (const r of this.refs) {
      for (let s: Scope | null = r.scope; s; s = s.parent) {
        const b = s.names.get(r.name);
        if (b) { r.binding = b; break; }
      }
      if (r.binding) pushTo(this.refsByBinding, r.binding, r);
      pushTo(this.refsByOwner, r.owner, r);
    }
    for (const list of this.refsByOwner.values()) list.sort((a, b) => a.id.start - b.id.start);
  }

  /** The constructor bodies `new C()` runs: C's own and, through super(), its known base classes'. */
  private constructorsOf(cls: N, seen: Set<N>): N[] {
    if (seen.has(cls)) return [];
    seen.add(cls);
    const ctor = classMembers(cls).find((el) => el.type === 'MethodDefinition' && el.kind === 'constructor');
    const out: N[] = ctor ? [ctor.value] : [];
    const base = cls.superClass ? this.refOf.get(cls.superClass)?.binding?.value : null;
    if (base && isClass(base)) out.push(...this.constructorsOf(base, seen));
    return out;
  }
}

function classMembers(cls: N): N[] {
  return cls.body.body;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// ---------------------------------------------------------------------------
// Reporting

class Reporter {
  readonly problems: GateProblem[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly code: string) {}

  /** Report at a node's start, or at a source offset inside it. */
  add(rule: RuleId, node: N | number, message: string): void {
    const offset = typeof node === 'number' ? node : node.start;
    const { line, column } = getLineInfo(this.code, offset);
    const key = `${rule}:${offset}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push({ rule, message, line, column: column + 1 });
  }

  /** The offset of an operator token between two offsets (falls back to `from`). */
  operatorAt(op: string, from: number, to: number): number {
    const i = this.code.slice(from, to).indexOf(op);
    return i < 0 ? from : from + i;
  }

  lineOf(node: N): number {
    return getLineInfo(this.code, node.start).line;
  }
}

// ---------------------------------------------------------------------------
// Syntax rules: one node type at a time. Each is a SyntaxError on the device
// (or, for regex flags, a silent change of meaning).

function checkSyntax(a: Analysis, rep: Reporter): void {
  for (const node of a.nodes) {
    const parent = a.parentOf(node);
    switch (node.type) {
      case 'AssignmentPattern': checkDefaultParam(node, parent, rep); break;
      case 'RestElement': checkRest(node, parent, rep); break;
      case 'SpreadElement': checkSpread(node, parent, rep); break;
      case 'ObjectPattern': case 'ArrayPattern': checkDestructuring(a, node, rep); break;
      case 'Property': case 'MethodDefinition': case 'PropertyDefinition': checkMember(node, parent, rep); break;
      case 'MemberExpression': case 'CallExpression': checkOptional(node, rep); break;
      case 'BinaryExpression': case 'AssignmentExpression': checkOperator(node, rep); break;
      case 'LabeledStatement':
        // The device parser has no labels; labelled break/continue come with them.
        rep.add('label', node, `labelled statement \`${node.label.name}:\` (and labelled break/continue): restructure with a flag variable or move the loop into a function and return`);
        break;
      case 'FunctionDeclaration': case 'FunctionExpression': case 'ArrowFunctionExpression': checkFunctionKind(node, rep); break;
      case 'MetaProperty':
        if (node.meta.name === 'new') rep.add('new-target', node, '`new.target` is not supported: pass a flag or test `this instanceof C`');
        break;
      case 'PrivateIdentifier':
        rep.add('private-name', node, `private name \`#${node.name}\` (ES2022): use an ordinary property such as \`_${node.name}\``);
        break;
      case 'StaticBlock':
        rep.add('static-block', node, 'class static block `static { ... }` (ES2022): run that code after the class declaration');
        break;
      case 'ForOfStatement':
        if (node.await) rep.add('for-await', node, '`for await (... of ...)` is not supported: chain the Promises with .then()');
        break;
      case 'Literal': if (node.regex) checkRegexFlags(node, node.regex.flags, rep); break;
      case 'NewExpression': checkRegExpConstructor(node, rep); break;
    }
  }
}

// default parameters: SyntaxError on the device.
function checkDefaultParam(node: N, parent: N | null, rep: Reporter): void {
  if (!isFunction(parent) || !parent!.params.includes(node)) return; // defaults inside patterns are destructuring
  const name = node.left.type === 'Identifier' ? `\`${node.left.name} = ...\`` : '`= ...`';
  rep.add('default-param', node, `default parameter value ${name}: write \`if (x === undefined) x = ...\` in the body instead`);
}

// rest parameters / rest elements: SyntaxError on the device.
function checkRest(node: N, parent: N | null, rep: Reporter): void {
  const name = node.argument.type === 'Identifier' ? node.argument.name : '...';
  if (isFunction(parent)) rep.add('rest', node, `rest parameter \`...${name}\`: read the extra arguments from \`arguments\` instead`);
  else rep.add('rest', node, `rest element \`...${name}\` in destructuring: copy the remaining items explicitly (slice, or a loop)`);
}

// spread: SyntaxError on the device.
function checkSpread(node: N, parent: N | null, rep: Reporter): void {
  const where = parent?.type ?? '';
  if (where === 'ArrayExpression') rep.add('spread', node, 'array spread `[...x]`: use concat() or slice() instead');
  else if (where === 'ObjectExpression') rep.add('spread', node, 'object spread `{...x}`: use Object.assign({}, x) instead');
  else if (where === 'NewExpression') rep.add('spread', node, 'spread argument in `new C(...args)`: pass the arguments one by one');
  else rep.add('spread', node, 'spread argument `f(...args)`: use f.apply(null, args) instead');
}

// destructuring: SyntaxError on the device. Reported once per outermost pattern.
function checkDestructuring(a: Analysis, node: N, rep: Reporter): void {
  let up = a.parentOf(node);
  if (up?.type === 'Property') up = a.parentOf(up);
  if (up?.type === 'AssignmentPattern' || up?.type === 'RestElement') {
    const host = a.parentOf(up);
    if (host && (host.type === 'ObjectPattern' || host.type === 'ArrayPattern' || host.type === 'Property')) return;
  }
  if (up?.type === 'ObjectPattern' || up?.type === 'ArrayPattern') return;
  const kind = node.type === 'ObjectPattern' ? 'object' : 'array';
  rep.add('destructuring', node, `${kind} destructuring ${patternPlace(a, node)}: read the values one by one (\`var a = o.a\`) instead`);
}

function patternPlace(a: Analysis, node: N): string {
  let p = a.parentOf(node);
  if (p?.type === 'AssignmentPattern') p = a.parentOf(p);
  if (isFunction(p)) return 'in a parameter';
  if (p?.type === 'CatchClause') return 'in a catch parameter';
  if (p?.type === 'AssignmentExpression') return 'in an assignment';
  if (p?.type === 'ForOfStatement' || p?.type === 'ForInStatement') return 'in a for-of/for-in head';
  if (p?.type === 'VariableDeclarator') {
    const loop = a.parentOf(a.parentOf(p)!);
    if (loop && (loop.type === 'ForOfStatement' || loop.type === 'ForInStatement') && loop.left === a.parentOf(p)) return 'in a for-of/for-in head';
    return 'in a declaration';
  }
  return '';
}

// computed keys (SyntaxError) and class fields (ES2022, not in the device's class support).
function checkMember(node: N, parent: N | null, rep: Reporter): void {
  if (parent?.type === 'ObjectPattern') return; // a computed key in a pattern is already destructuring
  if (node.computed) {
    const where = node.type === 'Property' ? 'an object literal' : 'a class';
    rep.add('computed-key', node, `computed property key \`[...]\` in ${where}: create the object first, then assign \`obj[key] = value\``);
  }
  if (node.type === 'PropertyDefinition') {
    const name = propertyName(node) ?? (node.key.type === 'PrivateIdentifier' ? `#${node.key.name}` : '[...]');
    const fix = node.static ? 'assign it after the class (`C.x = ...`)' : 'assign it in the constructor (`this.x = ...`)';
    rep.add('class-field', node, `class field \`${node.static ? 'static ' : ''}${name}\` (ES2022): ${fix}`);
  }
}

// optional chaining: SyntaxError on the device.
function checkOptional(node: N, rep: Reporter): void {
  if (!node.optional) return;
  const from = node.type === 'MemberExpression' ? node.object.end : node.callee.end;
  rep.add('optional-chaining', rep.operatorAt('?.', from, node.end), 'optional chaining `?.`: test explicitly (`x != null && x.y`)');
}

// ** / **= (SyntaxError) and ??= ||= &&= (SyntaxError).
function checkOperator(node: N, rep: Reporter): void {
  const op: string = node.operator;
  const at = () => rep.operatorAt(op, node.left.end, node.right.start);
  if (op === '**') rep.add('exponent', at(), '`**` operator: use Math.pow(a, b)');
  else if (op === '**=') rep.add('exponent', at(), '`**=` operator: use `a = Math.pow(a, b)`');
  else if (op === '??=') rep.add('logical-assignment', at(), '`??=` operator: use `if (a == null) a = b`');
  else if (op === '||=') rep.add('logical-assignment', at(), '`||=` operator: use `if (!a) a = b`');
  else if (op === '&&=') rep.add('logical-assignment', at(), '`&&=` operator: use `if (a) a = b`');
}

// generators and async functions: not supported by the device.
function checkFunctionKind(node: N, rep: Reporter): void {
  const name = node.id ? ` \`${node.id.name}\`` : '';
  if (node.generator) rep.add('generator', node, `generator function${name} (\`function*\`): return an object with a next() method or use a callback instead`);
  if (node.async) rep.add('async', node, `async function${name}: use Promise .then() chains instead of async/await`);
}

// The device RegExp (jswrap_regexp.c) honours g and i; other flags are ignored silently.
function checkRegexFlags(node: N, flags: string, rep: Reporter): void {
  const bad = flags.replace(/[gi]/g, '');
  if (bad) rep.add('regex-flag', node, `regex flag(s) \`${bad}\`: the device honours only g and i and ignores the rest; rewrite the pattern without them`);
}

function checkRegExpConstructor(node: N, rep: Reporter): void {
  const flags = node.arguments[1];
  if (node.callee.type === 'Identifier' && node.callee.name === 'RegExp' && flags?.type === 'Literal' && typeof flags.value === 'string') {
    checkRegexFlags(node, flags.value, rep);
  }
}

// ---------------------------------------------------------------------------
// loop-closure: Node gives `for (let i ...)` and `for (const x of/in ...)` a
// fresh binding per iteration; the device shares one, so a closure created in
// the loop that runs later sees the last value. Closures that run at once
// (IIFE, forEach callback) are fine, so only "deferred" functions count.
// Limit: `let` declared inside the loop body is not checked.

function checkLoopClosures(a: Analysis, rep: Reporter): void {
  for (const loop of a.loops) {
    for (const b of loop.scope.names.values()) {
      if (b.kind !== 'let' && b.kind !== 'const') continue;
      for (const r of a.refsByBinding.get(b) ?? []) {
        if (r.owner === loop.owner) continue;
        const closure = outermostClosure(a, r.owner, loop.owner);
        rep.add('loop-closure', closure, `closure captures the loop variable \`${b.name}\` of \`for (${b.kind} ${b.name} ...)\` (line ${rep.lineOf(loop.node)}): the device shares one binding across iterations, so it sees the last value; pass the value in through a function parameter (e.g. arr.forEach(function (${b.name}) {...}) or a helper)`);
      }
    }
  }
}

/** The function created directly in the loop's code that (transitively) contains `owner`. */
function outermostClosure(a: Analysis, owner: N, loopOwner: N): N {
  let f = owner;
  for (let up = a.createdIn.get(f); up && up !== loopOwner; up = a.createdIn.get(f)) f = up;
  return f;
}

// ---------------------------------------------------------------------------
// hoisting: the device defines a function declaration only when its statement
// runs, even inside a function body. For every statement list (program,
// every function body including the bundle's IIFE body, block, switch case
// list) that declares functions, we follow the code each statement runs
// right away:
//   - its own references outside deferred functions (IIFEs, `.call`, sync
//     array callbacks and Promise executors count as running right away);
//   - transitively, the bodies of the functions it calls by name (function
//     declarations and `var f = function/arrow`, `new C()` constructors, static
//     `C.m()` calls) that already exist at that point.
// Any reference (call or plain) reached that way to a function declared by a
// LATER declaration of the same list is a problem.
// Limits (not followed, so not reported): calls through object properties,
// `this.m()`, aliases (`var h = f; h()`), functions passed as arguments to
// user functions that call them synchronously, getters/setters, eval. Code in
// a deferred callback (setTimeout, setWatch, E.on, .then) is assumed to run
// after the whole list has run, which holds for the usual bundle layout.
// Function declarations in blocks are block-scoped (strict mode, as in an
// esbuild bundle); sloppy-mode Annex B hoisting is not modelled.

function checkHoisting(a: Analysis, rep: Reporter): void {
  for (const list of a.lists) {
    const declIndex = functionDeclarations(list);
    if (!declIndex.size) continue;
    const owned = a.refsByOwner.get(list.owner) ?? [];
    list.stmts.forEach((stmt, i) => {
      const seen = new Set<N>();
      for (const r of owned) {
        if (r.id.start >= stmt.start && r.id.end <= stmt.end) traceEager(a, rep, { list, declIndex, i, stmt, seen }, r, r, []);
      }
    });
  }
}

interface HoistCtx { list: StatementList; declIndex: Map<Binding, number>; i: number; stmt: N; seen: Set<N> }

/** The bindings of the list's function declarations, with their statement index. */
function functionDeclarations(list: StatementList): Map<Binding, number> {
  const out = new Map<Binding, number>();
  list.stmts.forEach((s, i) => {
    const b = s.type === 'FunctionDeclaration' ? list.scope.names.get(s.id.name) : undefined;
    if (b && b.decl === s) out.set(b, i);
  });
  return out;
}

/** Check one reference run by statement `h.i`, then follow it into the body it calls. */
function traceEager(a: Analysis, rep: Reporter, h: HoistCtx, trigger: Ref, r: Ref, via: string[]): void {
  const b = r.binding;
  if (!b) return;
  const k = h.declIndex.get(b);
  if (k !== undefined && k > h.i) return reportHoisting(rep, h, trigger, r, via);
  // Not defined yet, so nothing to follow: declared after code that runs in order, or later in this list.
  if (!via.length && b.decl.start > r.id.start) return;
  if (b.scope === h.list.scope && b.decl.start > trigger.id.start) return;
  for (const fn of a.callTargets(r)) {
    if (h.seen.has(fn)) continue;
    h.seen.add(fn);
    for (const inner of a.refsByOwner.get(fn) ?? []) traceEager(a, rep, h, trigger, inner, [...via, r.name]);
  }
}

function reportHoisting(rep: Reporter, h: HoistCtx, trigger: Ref, r: Ref, via: string[]): void {
  const decl = h.list.stmts[h.declIndex.get(r.binding!)!];
  const where = `\`function ${r.name}\` (line ${rep.lineOf(decl)})`;
  const why = 'the device does not hoist function declarations';
  if (!via.length) {
    rep.add('hoisting', trigger.id, `\`${r.name}\` is used before ${where} has run: ${why}; declare the function before the code that uses it`);
  } else {
    const chain = [...via, r.name].join(' -> ');
    rep.add('hoisting', trigger.id, `calling \`${trigger.name}\` here reaches \`${r.name}\` (${chain}) before ${where} has run: ${why}; declare ${r.name} before this call`);
  }
}

// ---------------------------------------------------------------------------
// missing-builtin: these globals and methods do not exist on the device, so
// using them throws (or returns undefined) at run time.

const MISSING_GLOBALS: Record<string, string> = {
  Map: 'use a plain object (string keys) or parallel arrays',
  Set: 'use a plain object of flags or an array with includes()',
  WeakMap: 'store the data on the object itself',
  WeakSet: 'store a flag on the object itself',
  Symbol: 'use a string key',
  Proxy: 'use explicit getter/setter functions',
  Reflect: 'use Object.* functions and fn.apply()',
};

const MISSING_STATICS: Record<string, string> = {
  'Object.freeze': 'drop it (keep immutability a compile-time `readonly`)',
  'Array.from': 'use a for loop, or Array.prototype.slice.call(x) for array-likes',
  'Array.of': 'use an array literal',
  'Number.isFinite': "use isFinite() (with typeof x === 'number' if needed)",
  'Number.isInteger': "use typeof x === 'number' && isFinite(x) && Math.floor(x) === x",
  'Number.isNaN': 'use x !== x (or isNaN() on a number)',
  'Math.trunc': 'use x < 0 ? Math.ceil(x) : Math.floor(x)',
  'Math.hypot': 'use Math.sqrt(a * a + b * b)',
  'Date.UTC': 'compute the milliseconds directly or use new Date(...).getTime()',
};

const MISSING_METHODS: Record<string, string> = {
  flat: 'concat the items in a loop',
  flatMap: 'map, then concat the results in a loop',
  lastIndexOf: 'Array.prototype.lastIndexOf is missing (the gate cannot tell a String receiver apart): search backwards with a for loop',
  toPrecision: 'use toFixed()',
};

function checkBuiltins(a: Analysis, rep: Reporter): void {
  for (const r of a.refs) {
    if (!r.binding && Object.prototype.hasOwnProperty.call(MISSING_GLOBALS, r.name)) {
      rep.add('missing-builtin', r.id, `\`${r.name}\` does not exist on the device: ${MISSING_GLOBALS[r.name]}`);
    }
  }
  for (const node of a.nodes) {
    if (node.type !== 'MemberExpression') continue;
    const name = propertyName(node);
    if (name === null) continue;
    const obj = node.object;
    const global = obj.type === 'Identifier' && a.refOf.get(obj)?.binding === null ? obj.name : null;
    const full = `${global}.${name}`;
    if (global && Object.prototype.hasOwnProperty.call(MISSING_STATICS, full)) {
      rep.add('missing-builtin', node, `\`${full}\` does not exist on the device: ${MISSING_STATICS[full]}`);
    } else if (Object.prototype.hasOwnProperty.call(MISSING_METHODS, name) && isCallee(a, node)) {
      rep.add('missing-builtin', node, `\`.${name}()\` does not exist on the device: ${MISSING_METHODS[name]}`);
    }
  }
}

function isCallee(a: Analysis, node: N): boolean {
  const p = a.parentOf(node);
  return !!p && p.type === 'CallExpression' && p.callee === node;
}

// ---------------------------------------------------------------------------
// error-subclass: on the device `class X extends Error` leaves .message
// undefined, so the error text is lost.

const ERROR_TYPES = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'InternalError']);

function checkErrorSubclass(a: Analysis, rep: Reporter): void {
  for (const node of a.nodes) {
    const sup = isClass(node) ? node.superClass : null;
    if (!sup || sup.type !== 'Identifier' || !ERROR_TYPES.has(sup.name) || a.refOf.get(sup)?.binding) continue;
    const name = node.id ? ` ${node.id.name}` : '';
    rep.add('error-subclass', node, `\`class${name} extends ${sup.name}\`: the device loses .message on Error subclasses; throw a plain \`new Error(message)\` (add a field such as \`code\` to tell errors apart)`);
  }
}

// ---------------------------------------------------------------------------
// inherited-static: the device does not link a subclass constructor to its
// base, so `Sub.fn` is undefined unless Sub itself defines fn.

/** Properties every function has without inheriting them from the base class. */
const FUNCTION_PROPS = new Set([
  'prototype', 'name', 'length', 'call', 'apply', 'bind', 'toString', 'hasOwnProperty',
  'constructor', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', '__proto__',
]);

function checkInheritedStatics(a: Analysis, rep: Reporter): void {
  for (const [b, refs] of a.refsByBinding) {
    const cls = b.value;
    if (!cls || !isClass(cls) || !cls.superClass) continue;
    const own = ownStatics(a, cls, refs);
    for (const r of refs) {
      const m = a.parentOf(r.id);
      if (!m || m.type !== 'MemberExpression' || m.object !== r.id || isAssignTarget(a, m)) continue;
      const name = propertyName(m);
      if (name === null || own.has(name) || FUNCTION_PROPS.has(name)) continue;
      rep.add('inherited-static', m, `\`${r.name}.${name}\`: ${r.name} extends another class but does not define static ${name} itself; the device does not inherit statics, so call it on the base class or define it on ${r.name}`);
    }
  }
}

/** Static members the class defines itself: static methods/accessors/fields and `C.x = ...` assignments. */
function ownStatics(a: Analysis, cls: N, refs: Ref[]): Set<string> {
  const own = new Set<string>();
  for (const el of classMembers(cls)) {
    const name = el.static ? propertyName(el) : null;
    if (name !== null) own.add(name);
  }
  for (const r of refs) {
    const m = a.parentOf(r.id);
    const name = m && m.type === 'MemberExpression' && m.object === r.id ? propertyName(m) : null;
    if (name !== null && isAssignTarget(a, m!)) own.add(name);
  }
  return own;
}

function isAssignTarget(a: Analysis, node: N): boolean {
  const p = a.parentOf(node);
  return !!p && p.type === 'AssignmentExpression' && p.left === node;
}

// ---------------------------------------------------------------------------

/** Check a device bundle; [] means the bundle is acceptable. */
export function gate(code: string): GateProblem[] {
  let program: N;
  try {
    program = parse(code, { ecmaVersion: 'latest', sourceType: 'script', locations: true }) as unknown as N;
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number; column: number } };
    const loc = err.loc ?? { line: 1, column: 0 };
    return [{ rule: 'parse', message: `the bundle does not parse: ${err.message}`, line: loc.line, column: loc.column + 1 }];
  }
  const a = new Analysis(program);
  const rep = new Reporter(code);
  checkSyntax(a, rep);
  checkLoopClosures(a, rep);
  checkHoisting(a, rep);
  checkBuiltins(a, rep);
  checkErrorSubclass(a, rep);
  checkInheritedStatics(a, rep);
  return rep.problems.sort((x, y) => x.line - y.line || x.column - y.column || x.rule.localeCompare(y.rule));
}
