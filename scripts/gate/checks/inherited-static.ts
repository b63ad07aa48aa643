// inherited-static: the device does not link a subclass constructor to its
// base, so `Sub.fn` is undefined unless Sub itself defines fn.
import { classMembers, isClass, N, propertyName } from '../ast';
import { Reporter } from '../reporter';
import { Analysis, Ref } from '../scope';

/** Properties every function has without inheriting them from the base class. */
const FUNCTION_PROPS = new Set([
  'prototype', 'name', 'length', 'call', 'apply', 'bind', 'toString', 'hasOwnProperty',
  'constructor', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', '__proto__',
]);

export function checkInheritedStatics(a: Analysis, rep: Reporter): void {
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
