// error-subclass: on the device `class X extends Error` leaves .message
// undefined, so the error text is lost.
import { isClass } from '../ast';
import { Reporter } from '../reporter';
import { Analysis } from '../scope';

const ERROR_TYPES = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'InternalError']);

export function checkErrorSubclass(a: Analysis, rep: Reporter): void {
  for (const node of a.nodes) {
    const sup = isClass(node) ? node.superClass : null;
    if (!sup || sup.type !== 'Identifier' || !ERROR_TYPES.has(sup.name) || a.refOf.get(sup)?.binding) continue;
    const name = node.id ? ` ${node.id.name}` : '';
    rep.add('error-subclass', node, `\`class${name} extends ${sup.name}\`: the device loses .message on Error subclasses; throw a plain \`new Error(message)\` (add a field such as \`code\` to tell errors apart)`);
  }
}
