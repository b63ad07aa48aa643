// The gate's scope model, which the checks in checks/ read. One walk over
// the parsed bundle records every node's parent, every statement list and
// every loop, and, for every identifier reference, the binding it resolves
// to (null = a global) and its "owner": the function whose call runs that
// code. Code at the top level and inside immediately-invoked or
// synchronously-called functions (IIFEs, `fn.call(...)`, callbacks of
// forEach/map/..., Promise executors) is owned by the enclosing owner: it runs
// when the enclosing code runs. Any other function expression owns its body:
// that code runs only when something calls it later.
import { childrenOf, classMembers, isClass, isFunction, N, propertyName } from './ast';

type Kind = 'var' | 'let' | 'const' | 'function' | 'param' | 'class' | 'catch' | 'self';

interface Scope { node: N; parent: Scope | null; isFunction: boolean; names: Map<string, Binding> }

export interface Binding {
  name: string;
  kind: Kind;
  scope: Scope;
  /** The declaring node: FunctionDeclaration, ClassDeclaration, VariableDeclarator, the function of a param... */
  decl: N;
  /** The function or class the name is bound to, when the declaration says so. */
  value: N | null;
}

export interface Ref { id: N; name: string; scope: Scope; owner: N; binding: Binding | null }

export interface StatementList { stmts: N[]; scope: Scope; owner: N }

interface Loop { node: N; scope: Scope; owner: N }

interface Ctx { scope: Scope; owner: N }

interface BindSpec { kind: Kind; scope: Scope; decl: N; value: N | null }

/** Array methods that call their callback before they return. */
const SYNC_CALLBACK_METHODS = new Set([
  'forEach', 'map', 'filter', 'reduce', 'reduceRight', 'find', 'findIndex', 'some', 'every', 'sort',
]);

export class Analysis {
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

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
