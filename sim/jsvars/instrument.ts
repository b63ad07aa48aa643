// The bundle's text, instrumented so the JsVar model can see what Node
// cannot enumerate: the variables a closure keeps alive. Only the model's run
// uses it (VirtualEspruino with a JsVar model); the fuzzer and the tests run
// the bundle as it is.
//
// Each function body and each block with let/const gets a frame: its entry
// registers a reader (a closure that returns the scope's variables one by
// one) and pushes the frame on the model's call stack; a finally pops it.
// Every function object is tagged, as it is made, with the frame it was made
// in (the scope the interpreter would link it to). Free references to the
// interpreter's built-in objects (E, Math, JSON...) and member lookups (which
// make a built-in prototype the first time: arr.push, s.length) are reported
// too, since each adds JsVars to the interpreter's root. The instrumented code behaves as the
// original: every insertion returns the value it wraps.
//
// The runtime side of these calls is sim/jsvars/runtime.ts.
import { parse } from 'acorn';

/** An ESTree node, loosely typed. */
interface N {
  type: string;
  start: number;
  end: number;
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** What the model needs to know about a function the code makes. */
export interface FnInfo {
  id: number;
  /** Parameter names: the function object keeps each as a NAME "\xFF<name>". */
  params: string[];
  /** The scope of its body (a call makes one frame of it). */
  scope: number;
  /** Characters of code the interpreter keeps for it (0: an empty body, no code var at all). */
  codeChars: number;
  /** An arrow that mentions `this` keeps it (a "\xFFths" NAME). */
  keepsThis: boolean;
  /** A named function expression keeps its name ("\xFFnam" and a string). */
  ownName: string | null;
  /** Its body is an expression or starts with `return` (JSV_FUNCTION_RETURN): a call makes no return var. */
  returns: boolean;
  /** Its code runs from Storage (the interpreter points into flash) rather than RAM (typed at the console). */
  codeInFlash: boolean;
}

export interface ScopeInfo {
  id: number;
  kind: 'function' | 'block';
  /** The variables the reader returns, in order. */
  names: string[];
  /** The function whose body this is (function scopes). */
  fn: number | null;
}

/** The ids of functions and scopes of every script instrumented so far (the runtime looks them up). */
export class Tables {
  readonly fns: FnInfo[] = [];
  readonly scopes: ScopeInfo[] = [];
  scripts = 0;
}

export interface Instrumented {
  /** The instrumented text, split where each run puts its own script number (see runText). */
  parts: string[];
  /** The script's own number: its top-level reader and tags are registered under it. */
  script: number;
  /** String literals in the code (values): in pretokenised flash code the long ones stay in flash. */
  literals: string[];
}

/** Where a run's script number goes: each run of the same text needs its own top-level const. */
const SCRIPT_MARK = '\u0000S\u0000';

/** The text of one run of an instrumented script: `run` makes its top-level const unique in the realm. */
export function runText(i: Instrumented, run: number): string {
  return i.parts.join(String(run));
}

/** The runtime object's name in the realm (the walk skips it). */
export const HOOK = '__jsv';

/**
 * Built-in objects the interpreter adds to its root the first time code names them
 * (jswIsBuiltInObject in the generated jswrapper.c of the 2v29 Linux build, plus the board objects
 * of the nRF52 boards and the Bangle.js 2).
 */
export const BUILTIN_OBJECTS = new Set([
  'Pin', 'Array', 'ArrayBuffer', 'ArrayBufferView', 'Uint8Array', 'Uint8ClampedArray', 'Int8Array', 'Uint16Array',
  'Int16Array', 'Uint24Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array', 'DataView', 'Date',
  'Error', 'SyntaxError', 'TypeError', 'InternalError', 'ReferenceError', 'Function', 'console', 'JSON', 'Number',
  'Object', 'Boolean', 'RegExp', 'String', 'Modules', 'Math', 'E', 'fs', 'process', 'OneWire', 'Promise', 'Serial',
  'StorageFile', 'SPI', 'I2C', 'Waveform', 'NRF', 'Bluetooth', 'Puck', 'Bangle', 'Graphics',
]);

const FUNCTION = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** Elements or properties from which a literal is sampled as it is made (a data table, an argument). */
const BIG_LITERAL = 16;

function isNode(v: unknown): v is N {
  return typeof v === 'object' && v !== null && typeof (v as N).type === 'string';
}

function children(node: N): Array<[N, string]> {
  const out: Array<[N, string]> = [];
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (Array.isArray(v)) for (const item of v) { if (isNode(item)) out.push([item, key]); }
    else if (isNode(v)) out.push([v, key]);
  }
  return out;
}

/** Identifiers bound by a parameter or declarator pattern (the device has no destructuring; Node code may). */
function patternNames(p: N | null, out: string[]): void {
  if (!p) return;
  if (p.type === 'Identifier') out.push(p.name);
  else if (p.type === 'AssignmentPattern') patternNames(p.left, out);
  else if (p.type === 'RestElement') patternNames(p.argument, out);
  else if (p.type === 'ArrayPattern') for (const e of p.elements) patternNames(e, out);
  else if (p.type === 'ObjectPattern') for (const prop of p.properties) patternNames(prop.type === 'RestElement' ? prop : prop.value, out);
}

/** `var` names anywhere in a function body (hoisted), not inside nested functions. */
function hoistedVars(node: N, out: string[]): void {
  if (node.type === 'VariableDeclaration' && node.kind === 'var') for (const d of node.declarations) patternNames(d.id, out);
  for (const [c] of children(node)) if (!FUNCTION.has(c.type) && c.type !== 'ClassDeclaration' && c.type !== 'ClassExpression') hoistedVars(c, out);
}

/** let/const/class and function declarations directly in a statement list. */
function lexicalNames(stmts: N[]): { lexical: string[]; functions: N[] } {
  const lexical: string[] = [];
  const functions: N[] = [];
  for (const s of stmts) {
    if (s.type === 'VariableDeclaration' && s.kind !== 'var') for (const d of s.declarations) patternNames(d.id, lexical);
    else if (s.type === 'ClassDeclaration' && s.id) lexical.push(s.id.name);
    else if (s.type === 'FunctionDeclaration' && s.id) functions.push(s);
  }
  return { lexical, functions };
}

/** Every name declared anywhere in a function (or the program), nested functions excepted: what shadows a global. */
function declaredIn(fn: N): Set<string> {
  const names: string[] = [];
  if (fn.type !== 'Program') {
    for (const p of fn.params) patternNames(p, names);
    if (fn.id && fn.type === 'FunctionExpression') names.push(fn.id.name);
  }
  const visit = (node: N) => {
    if (node.type === 'VariableDeclaration') for (const d of node.declarations) patternNames(d.id, names);
    if ((node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration') && node.id) names.push(node.id.name);
    if (node.type === 'CatchClause' && node.param) patternNames(node.param, names);
    for (const [c] of children(node)) if (!FUNCTION.has(c.type)) visit(c);
  };
  visit(fn.type === 'Program' ? fn : fn.body);
  return new Set(names);
}

function containsThis(node: N): boolean {
  if (node.type === 'ThisExpression') return true;
  return children(node).some(([c]) => containsThis(c));
}

const SPACE = /\s/;

/** Characters of code the interpreter copies for a function body (jspeFunctionDefinitionInternal). */
function codeChars(code: string, fn: N): { chars: number; returns: boolean } {
  let start: number;
  let end: number;
  let returns = false;
  if (fn.body.type === 'BlockStatement') {
    const stmts = fn.body.body as N[];
    if (!stmts.length) return { chars: 0, returns: false };
    start = fn.body.start + 1;
    end = fn.body.end - 1;
    // a body starting with `return` is stored without it (JSV_FUNCTION_RETURN)
    if (stmts[0].type === 'ReturnStatement') {
      returns = true;
      start = stmts[0].start + 'return'.length;
    }
  } else {
    // an expression body: from after `=>` to the end of the expression
    returns = true;
    start = code.lastIndexOf('=>', fn.body.start) + 2;
    end = fn.end;
  }
  while (start < end && SPACE.test(code[start])) start++;
  while (end > start && SPACE.test(code[end - 1])) end--;
  return { chars: end - start, returns };
}

interface Edit {
  pos: number;
  text: string;
  /** 0: closes (innermost first), 1: opens (outermost first). */
  group: 0 | 1;
  depth: number;
}

function applyEdits(code: string, edits: Edit[]): string {
  edits.sort((a, b) => a.pos - b.pos || a.group - b.group || (a.group === 0 ? b.depth - a.depth : a.depth - b.depth));
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += code.slice(at, e.pos) + e.text;
    at = e.pos;
  }
  return out + code.slice(at);
}

function readerText(names: string[]): string {
  if (!names.length) return 'null';
  return `function($jsv$i){switch($jsv$i){${names.map((n, i) => `case ${i}:return ${n}`).join(';')}}}`;
}

/**
 * Instrument `code` (plain JavaScript), registering its functions and scopes in `tables`.
 * `codeInFlash`: the code runs from Storage (its functions' code stays in flash).
 */
export function instrument(code: string, tables: Tables, codeInFlash: boolean): Instrumented {
  const program = parse(code, { ecmaVersion: 2020, sourceType: 'script' }) as unknown as N;
  const script = tables.scripts++;
  const edits: Edit[] = [];
  const literals: string[] = [];
  const scriptRef = `$jsv$S${SCRIPT_MARK}`;
  let frames = 0;
  const newScope = (kind: ScopeInfo['kind'], names: string[], fn: number | null): ScopeInfo => {
    const s: ScopeInfo = { id: tables.scopes.length, kind, names: [...new Set(names)], fn };
    tables.scopes.push(s);
    return s;
  };
  const tags = (fns: N[], frame: string): string => fns.map((f) => `${HOOK}.f(${f.id.name},${frame},${fnIds.get(f)});`).join('');
  const fnIds = new Map<N, number>();
  const fnInfo = (fn: N): FnInfo => {
    const params: string[] = [];
    for (const p of fn.params) patternNames(p, params);
    const c = codeChars(code, fn);
    const info: FnInfo = {
      id: tables.fns.length, params, scope: -1, codeChars: c.chars, returns: c.returns,
      keepsThis: fn.type === 'ArrowFunctionExpression' && containsThis(fn.body),
      ownName: fn.type === 'FunctionExpression' && fn.id ? fn.id.name : null,
      codeInFlash,
    };
    tables.fns.push(info);
    fnIds.set(fn, info.id);
    return info;
  };

  /** After the directive prologue ("use strict") of a statement list. */
  const afterDirectives = (stmts: N[], start: number): number => {
    let pos = start;
    for (const s of stmts) {
      if (s.type !== 'ExpressionStatement' || typeof s.directive !== 'string') break;
      pos = s.end;
    }
    return pos;
  };

  // `shadow`: names declared in the enclosing functions (a free name is a global)
  const visit = (node: N, parent: N | null, key: string, frame: string, shadow: Set<string>[], depth: number): void => {
    if (FUNCTION.has(node.type)) {
      visitFunction(node, parent, frame, shadow, depth);
      return;
    }
    if (node.type === 'BlockStatement' && (node.body as N[]).length) {
      const { lexical, functions } = lexicalNames(node.body);
      if (lexical.length) {
        const scope = newScope('block', [...lexical, ...functions.map((f) => f.id.name)], null);
        const ref = `$jsv$${frames++}`;
        edits.push({ pos: node.start + 1, group: 1, depth: depth + 1, text: `let ${ref}=${HOOK}.b(${scope.id},${frame});try{${ref}.r=${readerText(scope.names)};${tags(functions, ref)}` });
        edits.push({ pos: node.end - 1, group: 0, depth: depth + 1, text: `}finally{${HOOK}.x(${ref})}` });
        for (const f of functions) fnInfo(f);
        for (const [c, k] of children(node)) visit(c, node, k, ref, shadow, depth + 1);
        return;
      }
      if (functions.length) {
        for (const f of functions) fnInfo(f);
        edits.push({ pos: node.start + 1, group: 1, depth: depth + 1, text: tags(functions, frame) });
      }
    }
    if (node.type === 'Literal' && typeof node.value === 'string' && !(parent && parent.type === 'Property' && key === 'key' && !parent.computed)) {
      literals.push(node.value);
    }
    if (node.type === 'TemplateLiteral' && node.expressions.length === 0) literals.push(node.quasis[0].value.cooked);
    // a regular expression literal makes a RegExp (jswrap_regexp_constructor): the built-in and its prototype
    if (node.type === 'Literal' && node.regex) {
      edits.push({ pos: node.start, group: 1, depth, text: `(${HOOK}.r("RegExp",` });
      edits.push({ pos: node.end, group: 0, depth, text: ',1))' });
      return;
    }
    if (node.type === 'Identifier' && BUILTIN_OBJECTS.has(node.name) && isReference(node, parent, key) && !shadow.some((s) => s.has(node.name))) {
      const isNew = parent && parent.type === 'NewExpression' && key === 'callee';
      const prefix = parent && parent.type === 'Property' && parent.shorthand ? `${node.name}:` : '';
      edits.push({ pos: node.start, group: 1, depth, text: `${prefix}(${HOOK}.r(${JSON.stringify(node.name)},` });
      edits.push({ pos: node.end, group: 0, depth, text: isNew ? ',1))' : '))' });
      return;
    }
    // a big literal: a moment of its own (it may be a temporary, given to a built-in and dropped)
    if ((node.type === 'ArrayExpression' && node.elements.length >= BIG_LITERAL) || (node.type === 'ObjectExpression' && node.properties.length >= BIG_LITERAL)) {
      edits.push({ pos: node.start, group: 1, depth, text: `(${HOOK}.t(` });
      edits.push({ pos: node.end, group: 0, depth, text: '))' });
      for (const [c, k] of children(node)) visit(c, node, k, frame, shadow, depth + 1);
      return;
    }
    // a member lookup: on an array, a string, a number or a function it may make a prototype
    if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && node.object.type !== 'Super') {
      // a space first: `return[a].join()` must not become `return__jsv.m(...)`
      edits.push({ pos: node.object.start, group: 1, depth: depth + 1, text: ` ${HOOK}.m(` });
      edits.push({ pos: node.object.end, group: 0, depth: depth + 1, text: `,${JSON.stringify(node.property.name)})` });
      visit(node.object, node, 'object', frame, shadow, depth + 2);
      return;
    }
    for (const [c, k] of children(node)) visit(c, node, k, frame, shadow, depth + 1);
  };

  const visitFunction = (fn: N, parent: N | null, frame: string, shadow: Set<string>[], depth: number): void => {
    // declarations were registered already, with the block that tags them
    const known = fnIds.get(fn);
    const fi = known !== undefined ? tables.fns[known] : fnInfo(fn);
    const ref = `$jsv$${frames++}`;
    const inner = [...shadow, declaredIn(fn)];
    const names: string[] = [...fi.params];
    if (fn.body.type === 'BlockStatement') hoistedVars(fn.body, names);
    const { lexical, functions } = fn.body.type === 'BlockStatement' ? lexicalNames(fn.body.body) : { lexical: [], functions: [] };
    for (const f of functions) fnInfo(f);
    names.push(...functions.map((f) => f.id.name), ...lexical);
    const scope = newScope('function', names, fi.id);
    fi.scope = scope.id;
    const enter = `var ${ref}=${HOOK}.e(${scope.id},${frame});try{${ref}.r=${readerText(scope.names)};${tags(functions, ref)}`;
    const leave = `}finally{${HOOK}.x(${ref})}`;
    if (fn.body.type === 'BlockStatement') {
      const at = afterDirectives(fn.body.body, fn.body.start + 1);
      // an empty body: one insertion, so that nothing can come between the two halves
      if (at === fn.body.end - 1) edits.push({ pos: at, group: 1, depth: depth + 1, text: enter + leave });
      else {
        edits.push({ pos: at, group: 1, depth: depth + 1, text: enter });
        edits.push({ pos: fn.body.end - 1, group: 0, depth: depth + 1, text: leave });
      }
    } else {
      edits.push({ pos: code.lastIndexOf('=>', fn.body.start) + 2, group: 1, depth: depth + 1, text: `{${enter}return(` });
      edits.push({ pos: fn.end, group: 0, depth: depth + 1, text: `)${leave}}` });
    }
    // tag the function object as it is made (declarations are tagged at the top of their block)
    if (fn.type !== 'FunctionDeclaration') {
      const isMethod = parent && parent.type === 'Property' && parent.method;
      const isAccessor = parent && ((parent.type === 'Property' && parent.kind !== 'init') || parent.type === 'MethodDefinition');
      if (isMethod) {
        edits.push({ pos: fn.start, group: 1, depth, text: `:(${HOOK}.f(function` });
        edits.push({ pos: fn.end, group: 0, depth, text: `,${frame},${fi.id}))` });
      } else if (!isAccessor) {
        edits.push({ pos: fn.start, group: 1, depth, text: `(${HOOK}.f(` });
        edits.push({ pos: fn.end, group: 0, depth, text: `,${frame},${fi.id}))` });
      }
    }
    for (const p of fn.params) visit(p, fn, 'params', frame, inner, depth + 1);
    if (fn.body.type === 'BlockStatement') for (const s of fn.body.body as N[]) visit(s, fn.body, 'body', ref, inner, depth + 2);
    else visit(fn.body, fn, 'body', ref, inner, depth + 2);
  };

  const top = lexicalNames(program.body);
  for (const f of top.functions) fnInfo(f);
  edits.push({ pos: afterDirectives(program.body, 0), group: 1, depth: 0, text: `const ${scriptRef}=${HOOK}.p(${script},${readerText(top.lexical)},${JSON.stringify(top.lexical)});${tags(top.functions, scriptRef)}` });
  const globalShadow = [declaredIn(program)];
  for (const s of program.body as N[]) visit(s, program, 'body', scriptRef, globalShadow, 1);
  return { parts: applyEdits(code, edits).split(SCRIPT_MARK), script, literals };
}

/** An identifier that reads a variable (not a declaration, a property key, a label, an assignment target, typeof). */
function isReference(id: N, parent: N | null, key: string): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression': return key === 'object' || parent.computed;
    case 'Property': return key === 'value' || parent.computed;
    case 'MethodDefinition': case 'PropertyDefinition': return key !== 'key' || parent.computed;
    case 'VariableDeclarator': return key === 'init';
    case 'FunctionDeclaration': case 'FunctionExpression': case 'ArrowFunctionExpression': return key === 'body';
    case 'ClassDeclaration': case 'ClassExpression': return key === 'superClass';
    case 'LabeledStatement': case 'BreakStatement': case 'ContinueStatement': case 'CatchClause': return false;
    case 'AssignmentExpression': return key === 'right';
    case 'UpdateExpression': return false;
    case 'UnaryExpression': return parent.operator !== 'typeof' && parent.operator !== 'delete';
    case 'ForInStatement': case 'ForOfStatement': return key === 'right';
    case 'AssignmentPattern': return key === 'right';
    default: return true;
  }
}
