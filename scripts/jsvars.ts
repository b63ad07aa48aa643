// An estimate of the JsVars a device bundle holds once loaded, for
// npm run bench. Espruino allocates everything, code included, from a
// fixed pool of JsVars (16-byte blocks on the nRF52 boards), so the RAM a
// firmware costs is a count of vars. Nothing here runs the interpreter: it
// is an estimate from the text the device holds and from the live objects,
// with every rule stated (../shared/reference/espruino.md, "Memory"):
//
//   text     Espruino keeps the source text of every function in string
//            vars. We charge the whole pretokenised file (what npm run flash
//            uploads, scripts/build.ts deviceBytes) at TEXT_CHARS_PER_VAR
//            characters a var: 12, the low end of 12-16 on a 16-byte-var
//            build, so the estimate errs high. Not modelled: the text of a
//            function nested in another is held in both (it would push the
//            figure up); flat strings pack 16 characters a var and the
//            top-level code is dropped after it has run (both pull it down).
//   code     per function object (the bundle's function nodes, the outer
//            run-once wrapper excepted): FUNCTION_VARS (the function and its
//            code link) plus one var per parameter; plus one var per
//            variable or function name bound in a scope that can outlive
//            its call (the program's and the wrapper's top level, and every
//            function that contains a function, i.e. may be closed over).
//            Small integers and booleans are packed into the name's var.
//   data     a walk of the live objects the firmware holds (passed in: the
//            config, the state and the last step result, built by the same
//            TypeScript the bundle is compiled from): one var per object or
//            array, one per property or element (its name, with a small
//            integer or boolean value packed in), one more for any other
//            number or for null, and 1 + len/12 for a string.
//   runtime  the interpreter's own entries for what the firmware arms:
//            RUNTIME_VARS per timer, watch or E.on handler (an assumption).
//
// Cross-check: the reference measured a 5.3 KB script at about 390 vars
// after loading (about 74 vars per KB, everything included), on the same
// kind of pool; `calibrated` applies that ratio to the device bytes.
import { parse } from 'acorn';

export const TEXT_CHARS_PER_VAR = 12;
export const FUNCTION_VARS = 2;
export const CALIBRATION = { bytes: 5300, vars: 390, source: '../shared/reference/espruino.md: a 5.3 KB script used about 390 vars after loading' };
export const RUNTIME_VARS = { timer: 5, watch: 5, handler: 2 };

export interface JsVarEstimate {
  text: number;
  code: number;
  data: number;
  runtime: number;
  total: number;
  /** The reference's vars-per-byte ratio applied to the device bytes. */
  calibrated: number;
  functions: number;
  bindings: number;
}

/** An ESTree node, loosely typed. */
interface N {
  type: string;
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function isNode(v: unknown): v is N {
  return typeof v === 'object' && v !== null && typeof (v as N).type === 'string';
}

function children(node: N): N[] {
  const out: N[] = [];
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'range') continue;
    const v = node[key];
    if (Array.isArray(v)) for (const item of v) { if (isNode(item)) out.push(item); }
    else if (isNode(v)) out.push(v);
  }
  return out;
}

const FUNCTION = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

function containsFunction(node: N): boolean {
  return children(node).some((c) => FUNCTION.has(c.type) || containsFunction(c));
}

/** Names declared directly in this scope (var/let/const anywhere but in nested functions, function declarations). */
function declaredNames(body: N): number {
  let n = 0;
  const visit = (node: N) => {
    if (node.type === 'VariableDeclarator') n += 1;
    if (node.type === 'FunctionDeclaration') {
      n += 1;
      return;
    }
    if (FUNCTION.has(node.type) || node.type === 'ClassDeclaration' || node.type === 'ClassExpression') return;
    for (const c of children(node)) visit(c);
  };
  for (const c of children(body)) visit(c);
  return n;
}

/** The outer run-once wrapper of a bundle, `(()=>{...})();`, if the program is just that. */
function wrapper(program: N): N | null {
  const stmts = program.body as N[];
  if (stmts.length !== 1 || stmts[0].type !== 'ExpressionStatement') return null;
  const call = stmts[0].expression as N;
  return call.type === 'CallExpression' && FUNCTION.has(call.callee.type) && call.arguments.length === 0 ? call.callee : null;
}

/** Functions, their parameters, and names bound in scopes that can outlive a call. */
export function codeVars(code: string): { code: number; functions: number; bindings: number } {
  const program = parse(code, { ecmaVersion: 2020, sourceType: 'script' }) as unknown as N;
  const outer = wrapper(program);
  let functions = 0;
  let params = 0;
  let bindings = declaredNames(program);
  if (outer) bindings += declaredNames(outer.body);
  const visit = (node: N) => {
    if (FUNCTION.has(node.type) && node !== outer) {
      functions += 1;
      params += (node.params as N[]).length;
      if (node.body.type === 'BlockStatement' && containsFunction(node.body)) bindings += declaredNames(node.body);
    }
    for (const c of children(node)) visit(c);
  };
  visit(program);
  return { code: functions * FUNCTION_VARS + params + bindings, functions, bindings };
}

function packed(v: unknown): boolean {
  return typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2 ** 31);
}

/** Vars of live data: each object counted once however often it is referenced. */
export function dataVars(roots: unknown[]): number {
  const seen = new Set<object>();
  const value = (v: unknown): number => {
    if (v === undefined || packed(v) || typeof v === 'function') return 0;
    if (typeof v === 'string') return 1 + Math.floor(v.length / TEXT_CHARS_PER_VAR);
    if (v === null || typeof v === 'number') return 1;
    const o = v as object;
    if (seen.has(o)) return 0;
    seen.add(o);
    let n = 1;
    for (const item of Object.values(o)) n += 1 + value(item);
    return n;
  };
  return roots.reduce<number>((sum, r) => sum + value(r), 0);
}

/**
 * The estimate for one file: `code` as built (minified), `deviceBytes` as held on the
 * device (pretokenised), `data` the live objects, `armed` what it keeps armed.
 */
export function estimateJsVars(code: string, deviceBytes: number, data: unknown[], armed: { timers: number; watches: number; handlers: number }): JsVarEstimate {
  const text = Math.ceil(deviceBytes / TEXT_CHARS_PER_VAR);
  const c = codeVars(code);
  const d = dataVars(data);
  const runtime = armed.timers * RUNTIME_VARS.timer + armed.watches * RUNTIME_VARS.watch + armed.handlers * RUNTIME_VARS.handler;
  return {
    text, code: c.code, data: d, runtime, total: text + c.code + d + runtime,
    calibrated: Math.round((deviceBytes * CALIBRATION.vars) / CALIBRATION.bytes),
    functions: c.functions, bindings: c.bindings,
  };
}
