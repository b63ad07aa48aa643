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
import { N } from '../ast';
import { Reporter } from '../reporter';
import { Analysis, Binding, Ref, StatementList } from '../scope';

export function checkHoisting(a: Analysis, rep: Reporter): void {
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
