// missing-builtin: these globals and methods do not exist on the device, so
// using them throws (or returns undefined) at run time.
import { N, propertyName } from '../ast';
import { Reporter } from '../reporter';
import { Analysis } from '../scope';

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

export function checkBuiltins(a: Analysis, rep: Reporter): void {
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
