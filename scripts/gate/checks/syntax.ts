// The syntax rules, one node type at a time: each construct is a SyntaxError
// on the device (or, for regex flags, a silent change of meaning).
import { isFunction, N, propertyName } from '../ast';
import { Reporter } from '../reporter';
import { Analysis } from '../scope';

export function checkSyntax(a: Analysis, rep: Reporter): void {
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
