// The interpreter gate: every rule has bad samples that must be reported with
// that rule id on the right line, and good samples (ES2015 the device has)
// must pass untouched. Finally the real bundles in dist/ must pass.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { GATE_RULES, GateProblem, gate } from '../scripts/gate';
import { runGateCli } from '../scripts/gate-cli';

interface Bad {
  rule: string;
  /** 1-based line the problem must be reported on */
  line: number;
  what: string;
  code: string;
}

/** Minified-bundle style: one line, the code inside the esbuild IIFE. */
const iife = (body: string): string => `"use strict";(()=>{${body}})();`;

const BAD: Bad[] = [
  // parse
  { rule: 'parse', line: 1, what: 'a truncated minified bundle', code: iife('let x=;') },
  { rule: 'parse', line: 2, what: 'a syntax error on line 2', code: 'var a = 1;\nvar b = ;\n' },

  // default-param
  { rule: 'default-param', line: 1, what: 'in a minified function', code: iife('function f(t,e=2){return t+e}f(1);') },
  { rule: 'default-param', line: 2, what: 'in an arrow function', code: 'var x = 1;\nvar f = (a = 1) => a;\n' },

  // rest
  { rule: 'rest', line: 1, what: 'rest parameter', code: 'function f(...args) { return args; }' },
  { rule: 'rest', line: 2, what: 'rest element in an array pattern', code: 'var xs = [1, 2];\nvar [first, ...others] = xs;\n' },

  // spread
  { rule: 'spread', line: 1, what: 'spread in a call (minified)', code: iife('function f(t,e){return t+e}var n=[1,2];f(...n);') },
  { rule: 'spread', line: 2, what: 'array spread', code: 'var a = [1];\nvar b = [...a, 2];\n' },
  { rule: 'spread', line: 1, what: 'object spread', code: 'var o = { a: 1 }; var p = { ...o, b: 2 };' },
  { rule: 'spread', line: 1, what: 'spread in new', code: 'var d = new Date(...[2020, 1, 1]);' },

  // destructuring
  { rule: 'destructuring', line: 1, what: 'object pattern in a declaration', code: 'var o = {}; var { a, b } = o;' },
  { rule: 'destructuring', line: 1, what: 'object pattern in a parameter (minified)', code: iife('function f({a:t}){return t}f({a:1});') },
  { rule: 'destructuring', line: 2, what: 'array pattern in an assignment', code: 'var a = 1, b = 2;\n[a, b] = [b, a];\n' },
  { rule: 'destructuring', line: 1, what: 'catch parameter', code: 'try { throw new Error("x"); } catch ({ message }) { print(message); }' },
  { rule: 'destructuring', line: 2, what: 'for-of head', code: 'var pairs = [[1, 2]];\nfor (const [k, v] of pairs) print(k + v);\n' },

  // computed-key
  { rule: 'computed-key', line: 1, what: 'in an object literal (minified)', code: iife('var t="a",e={[t]:1};print(e);') },
  { rule: 'computed-key', line: 2, what: 'in a class', code: 'var k = "m";\nclass A { [k]() { return 1; } }\n' },

  // optional-chaining
  { rule: 'optional-chaining', line: 1, what: 'member access (minified)', code: iife('var t=null;print(t?.e);') },
  { rule: 'optional-chaining', line: 2, what: 'optional call', code: 'var f = null;\nf?.();\n' },

  // exponent
  { rule: 'exponent', line: 1, what: '** operator', code: 'var x = 2 ** 3;' },
  { rule: 'exponent', line: 2, what: '**= operator (minified)', code: `var z=1;\n${iife('let t=2;t**=2;')}` },

  // logical-assignment
  { rule: 'logical-assignment', line: 1, what: '??=', code: 'var a = null; a ??= 1;' },
  { rule: 'logical-assignment', line: 1, what: '||=', code: iife('let t=0;t||=1;') },
  { rule: 'logical-assignment', line: 2, what: '&&=', code: 'var a = 1;\na &&= 2;\n' },

  // label
  { rule: 'label', line: 2, what: 'labelled continue', code: 'var n = 0;\nouter: for (var i = 0; i < 3; i++) { for (;;) { n++; continue outer; } }\n' },
  { rule: 'label', line: 1, what: 'labelled break (minified)', code: iife('e:for(;;){for(;;)break e}') },

  // generator
  { rule: 'generator', line: 1, what: 'function*', code: 'function* g() { yield 1; }' },
  { rule: 'generator', line: 1, what: 'generator method', code: 'var o = { *g() { yield 1; } };' },

  // async
  { rule: 'async', line: 1, what: 'async function', code: 'async function f(p) { await p; }' },
  { rule: 'async', line: 1, what: 'async arrow (minified)', code: iife('var t=async()=>1;t();') },

  // new-target
  { rule: 'new-target', line: 2, what: 'new.target', code: 'function F() {\n  if (!new.target) throw new Error("use new");\n}\n' },

  // class-field
  { rule: 'class-field', line: 1, what: 'instance field', code: 'class A { x = 1; }' },
  { rule: 'class-field', line: 1, what: 'static field (minified)', code: iife('class t{static e=2}print(t.e);') },

  // private-name
  { rule: 'private-name', line: 3, what: 'this.#x', code: 'class A {\n  constructor() { this.y = 1; }\n  m() { return this.#x; }\n  #x() { return 1; }\n}\n' },

  // static-block
  { rule: 'static-block', line: 1, what: 'static { }', code: 'class A { static { print(1); } }' },

  // for-await
  { rule: 'for-await', line: 1, what: 'for await', code: 'async function f(xs) { for await (const x of xs) print(x); }' },

  // regex-flag
  { rule: 'regex-flag', line: 1, what: 'dotAll flag', code: 'var r = /a.b/s;' },
  { rule: 'regex-flag', line: 1, what: 'RegExp constructor with m', code: 'var r = new RegExp("^a", "m");' },

  // loop-closure
  { rule: 'loop-closure', line: 2, what: 'for (let ...) with a timer callback', code: 'for (let i = 0; i < 3; i++) {\n  setTimeout(() => print(i), 10);\n}\n' },
  { rule: 'loop-closure', line: 1, what: 'for (const ... of) with a stored closure (minified)', code: iife('let t=[];for(const e of[1,2])t.push(function(){return e});t[0]();') },
  { rule: 'loop-closure', line: 1, what: 'for (const ... in) with a closure', code: 'var fs = []; for (const k in { a: 1 }) fs.push(() => k);' },
  { rule: 'loop-closure', line: 2, what: 'a closure returned from an immediate map callback', code: 'for (let i = 0; i < 2; i++) {\n  var fs = [1].map(function () { return function () { return i; }; });\n}\n' },

  // hoisting
  { rule: 'hoisting', line: 1, what: 'call before the declaration (minified)', code: iife('a();function a(){print(1)}') },
  { rule: 'hoisting', line: 2, what: 'plain reference in an object literal', code: '(function () {\n  var p = { show: f };\n  function f() {}\n  p.show();\n})();\n' },
  { rule: 'hoisting', line: 1, what: 'function passed as an argument', code: iife('setWatch(t,BTN,{repeat:!0});function t(){}') },
  { rule: 'hoisting', line: 3, what: 'inside a nested IIFE', code: '(() => {\n  (() => {\n    g();\n  })();\n  function g() {}\n})();\n' },
  { rule: 'hoisting', line: 4, what: 'transitively through an earlier function', code: '"use strict";\n(() => {\n  function f() { return g(); }\n  f();\n  function g() { return 1; }\n})();\n' },
  { rule: 'hoisting', line: 1, what: 'transitively through two functions (minified)', code: iife('function a(){return b()}function b(){return c}a();function c(){}') },
  { rule: 'hoisting', line: 2, what: 'inside a function body', code: 'function outer() {\n  inner();\n  function inner() {}\n}\nouter();\n' },
  { rule: 'hoisting', line: 2, what: 'inside a synchronous forEach callback', code: 'var xs = [1];\nxs.forEach(function (x) { g(x); });\nfunction g(x) { print(x); }\n' },
  { rule: 'hoisting', line: 2, what: 'through a class constructor', code: 'class C { constructor() { g(); } }\nvar c = new C();\nfunction g() {}\n' },
  { rule: 'hoisting', line: 2, what: 'in a block', code: 'if (true) {\n  h();\n  function h() {}\n}\n' },
  { rule: 'hoisting', line: 1, what: 'through a const arrow (minified)', code: iife('const t=()=>e();t();function e(){}') },
  { rule: 'hoisting', line: 2, what: 'through a static method call', code: 'class C { static m() { return g(); } }\nC.m();\nfunction g() {}\n' },
  { rule: 'hoisting', line: 3, what: 'inside a switch case', code: 'switch (1) {\n  case 1:\n    k();\n    function k() {}\n}\n' },

  // missing-builtin
  ...[
    'new Map()', 'new Set()', 'new WeakMap()', 'new WeakSet()', 'Symbol("x")', 'new Proxy({}, {})', 'Reflect.ownKeys({})',
    'Object.freeze({})', 'Array.from("ab")', 'Array.of(1)', '[[1]].flat()', '[1].flatMap(function (x) { return [x]; })',
    '[1, 2].lastIndexOf(1)', 'Number.isFinite(1)', 'Number.isInteger(1)', 'Number.isNaN(1)', 'Math.trunc(1.5)',
    'Math.hypot(3, 4)', '(1.5).toPrecision(2)', 'Date.UTC(2020, 0, 1)',
  ].map((expr): Bad => ({ rule: 'missing-builtin', line: 2, what: expr, code: `var x;\nx = ${expr};\n` })),
  { rule: 'missing-builtin', line: 1, what: 'Map in a minified bundle', code: iife('let t=new Map;t.set(1,2);') },

  // error-subclass
  { rule: 'error-subclass', line: 1, what: 'class extends Error', code: 'class E extends Error { constructor(m) { super(m); } }' },
  { rule: 'error-subclass', line: 1, what: 'class expression extends Error (minified)', code: iife('var t=class extends Error{};throw new t("x");') },

  // inherited-static
  { rule: 'inherited-static', line: 3, what: 'inherited static call', code: 'class A { static make() { return 1; } }\nclass B extends A {}\nB.make();\n' },
  { rule: 'inherited-static', line: 1, what: 'inherited static (minified class expressions)', code: iife('var t=class{static n(){return 1}},e=class extends t{static s(){}};e.s();e.n();') },
];

const GOOD: { what: string; code: string }[] = [
  { what: 'let/const and arrow functions', code: iife('const t=1;let e=t+1;const n=s=>s*e;print(n(2));') },
  {
    what: 'classes with extends, super, get/set and static methods',
    code: 'class A {\n  constructor(x) { this.x = x; }\n  get v() { return this.x; }\n  set v(x) { this.x = x; }\n  static make() { return new A(1); }\n}\nclass B extends A {\n  constructor() { super(2); }\n  static make() { return new B(); }\n  m() { return super.v; }\n}\nB.make();\nA.make();\nB.prototype.m.call(new B());\n',
  },
  { what: 'template literals', code: 'var n = 3;\nprint(`pumps: ${n}`);\n' },
  { what: 'for-of over arrays and for (let) without closures', code: iife('let t=0;for(const e of[1,2,3])t+=e;for(let e=0;e<3;e++)t+=e;print(t);') },
  { what: 'a closure in a for (var) loop and an immediate forEach callback in a for (let) loop', code: 'for (var i = 0; i < 3; i++) setTimeout(function () { print(i); }, 1);\nfor (let j = 0; j < 3; j++) [1].forEach(function (x) { print(x + j); });\n' },
  { what: 'nullish coalescing ??', code: 'var a = null;\nvar b = a ?? 2;\n' },
  { what: 'Object.assign/keys/values/entries and Promise', code: 'var o = Object.assign({}, { a: 1 });\nObject.keys(o).forEach(print);\nnew Promise(function (res) { res(Object.values(o)); }).then(print);\n' },
  { what: 'functions declared before use (minified)', code: iife('function t(){return 1}function e(){return t()+1}print(e());') },
  {
    what: 'mutual recursion called only after both declarations',
    code: '(() => {\n  function even(n) { return n === 0 ? true : odd(n - 1); }\n  function odd(n) { return n === 0 ? false : even(n - 1); }\n  print(even(4));\n})();\n',
  },
  { what: 'IIFE calling a function declared above it', code: 'function f() { return 1; }\n(function () { print(f()); })();\n' },
  { what: 'a deferred callback referring to a later function', code: iife('setTimeout(function(){t()},10);E.on("init",()=>t());function t(){print(1)}') },
  { what: 'a later function used only in function bodies called later', code: iife('function t(){return e()}function e(){return 1}t();') },
  { what: 'missing built-in names as property names and shadowed names', code: 'var o = { Map: 1, flat: 2, freeze: 3 };\nvar p = o.Map + o.flat;\nfunction f(Map) { return Map.get(1); }\nvar q = [1].indexOf(1);\n' },
  { what: 'regex with g and i', code: 'var r = /ab+c/gi;\nvar s = new RegExp("a", "g");\n' },
  { what: 'try/catch/finally, switch, typeof, instanceof', code: 'function x() {}\ntry { x(); } catch (e) { print(e instanceof Error); } finally { print(typeof nothing); }\nswitch (1) { case 1: break; default: }\n' },
  { what: 'a class that extends a non-Error base; own static assigned after the class', code: 'class A {}\nclass B extends A {}\nB.count = 0;\nB.count++;\nprint(B.name);\n' },
];

describe('gate: interpreter rules', () => {
  describe('rejects', () => {
    for (const s of BAD) {
      it(`${s.rule}: ${s.what} (line ${s.line})`, () => {
        const problems = gate(s.code);
        const hit = problems.find((p) => p.rule === s.rule && p.line === s.line);
        expect(hit, `expected ${s.rule} on line ${s.line}, got ${JSON.stringify(problems)}`).to.not.equal(undefined);
        expect(hit!.message).to.be.a('string').and.not.equal('');
        expect(hit!.column).to.be.at.least(1);
      });
    }
  });

  describe('accepts', () => {
    for (const s of GOOD) {
      it(s.what, () => {
        expect(gate(s.code)).to.deep.equal([]);
      });
    }
  });

  it('has a bad sample for every rule in GATE_RULES, and no sample for an unknown rule', () => {
    const covered = new Set(BAD.map((s) => s.rule));
    expect(GATE_RULES.filter((r) => !covered.has(r)), 'rules without a bad sample').to.deep.equal([]);
    expect([...covered].filter((r) => !GATE_RULES.includes(r)), 'samples for unknown rules').to.deep.equal([]);
    expect(new Set(GATE_RULES).size).to.equal(GATE_RULES.length);
  });

  it('reports every problem in a bundle, sorted by position', () => {
    const problems = gate('var a = 2 ** 3;\nvar b = new Map();\nvar { c } = {};\n');
    expect(problems.map((p) => `${p.line}:${p.rule}`)).to.deep.equal(['1:exponent', '2:missing-builtin', '3:destructuring']);
  });

  it('points at the operator and names the construct', () => {
    const [p] = gate('var o = null;\nvar v = o.a?.b;\n');
    expect(p).to.deep.include({ rule: 'optional-chaining', line: 2, column: 12 });
    expect(p.message).to.contain('?.');
  });

  it('says what to do instead', () => {
    const messages = (code: string) => gate(code).map((p: GateProblem) => p.message).join('\n');
    expect(messages('Number.isFinite(1);')).to.contain('isFinite()');
    expect(messages('f();\nfunction f() {}\n')).to.contain('declare the function before the code that uses it');
    expect(messages('var x = 2 ** 3;')).to.contain('Math.pow');
  });

  it('names the chain for transitive hoisting problems', () => {
    const [p] = gate(iife('function a(){return b()}function b(){return c}a();function c(){}'));
    expect(p.rule).to.equal('hoisting');
    expect(p.message).to.contain('a -> b -> c');
  });

  it('reports a hoisting problem once, where the code runs, not again through the outer list', () => {
    const problems = gate('(() => {\n  if (true) { q(); function q() { g(); } }\n  function g() {}\n})();\n');
    expect(problems.map((p) => `${p.line}:${p.column} ${p.rule}`)).to.deep.equal(['2:15 hoisting']);
  });

  it('reports a parse error with its position', () => {
    expect(gate('var a = 1;\nvar b = ;\n')).to.deep.equal([
      { rule: 'parse', message: 'the bundle does not parse: Unexpected token (2:8)', line: 2, column: 9 },
    ]);
  });
});

describe('gate: the real bundles', () => {
  const root = path.join(__dirname, '..');
  for (const name of ['pacer.puck.js', 'pacer.bangle2.js', 'pacer.pico.js', 'pacer.mdbt42q.js']) {
    it(`dist/${name} passes the gate (when built)`, function () {
      const file = path.join(root, 'dist', name);
      if (!existsSync(file)) this.skip();
      expect(gate(readFileSync(file, 'utf8'))).to.deep.equal([]);
    });
  }
});

describe('gate-cli', () => {
  it('prints FILE:line:col rule: message and exits 1 on a problem, ok otherwise', () => {
    const lines: string[] = [];
    const good = path.join(__dirname, 'gate-samples', 'good.js');
    const bad = path.join(__dirname, 'gate-samples', 'bad.js');
    expect(runGateCli([good, bad], (l) => lines.push(l))).to.equal(1);
    expect(lines[0]).to.match(/good\.js: ok \(\d+ bytes\)$/);
    expect(lines.slice(1).join('\n')).to.match(/bad\.js:1:\d+ hoisting: /);
    expect(runGateCli([good], () => {})).to.equal(0);
    expect(runGateCli([], () => {})).to.equal(2);
  });
});
