// The micro programs the JsVar model is calibrated on: each shows one rule
// (sim/jsvars/costs.ts, sim/jsvars/shape.ts). The first fifteen are
// ../shared/tools/jsvar-costs/programs.js (the figures in
// ../shared/reference/espruino.md); the rest cover what the firmware does:
// closures, scopes, floats, strings of every length, pretokenised literals,
// nested arrays, JSON, typed arrays, timers, watches, handlers, Storage, code
// typed at the console, and what a call holds while it runs (peak).
//
// scripts/jsvars-calibrate.ts measures them on a real console and writes
// test/fixtures/jsvars-calibration.json; test/jsvars-model.test.ts checks
// the model against every figure there.
import { MicroProgram } from './micro';

const N = 20;
const times = (n: number, f: (i: number) => string, sep = '\n') => Array.from({ length: n }, (_, i) => f(i)).join(sep);
const pad3 = (i: number) => String(i).padStart(3, '0');

/** ../shared/tools/jsvar-costs/programs.js, as measure.py runs them: plain text in .bootcde. */
const SHARED: Array<[string, string, string]> = [
  ['fn_empty', 'empty top-level functions', times(N, (i) => `function f${i}(){}`)],
  ['fn_body', 'functions of 2 parameters with a body', times(N, (i) => `function f${i}(a,b){var c=a+b;if(c>10){return c*2+a-b}return c-a*b+${i}}`)],
  ['iife_fn', 'functions made in a call, kept: each links the call scope', '(function(){' + times(N, (i) => `function f${i}(a,b){return a+b+${i}}`) + '\nglobal.keep=[' + times(N, (i) => `f${i}`, ',') + '];})()'],
  ['iife_fn_nokeep', 'functions made in a call, not kept: all freed', '(function(){' + times(N, (i) => `function f${i}(a,b){return a+b+${i}}`) + '})()'],
  ['arrow_keep', 'arrow functions with an expression body', 'global.keep=[' + times(N, (i) => `(a,b)=>a+b+${i}`, ',') + '];'],
  ['obj_short', 'properties: short names, small integers (packed)', 'var o={' + times(N, (i) => `k${i}:${i + 100}`, ',') + '};'],
  ['obj_long', 'properties: 17/18-character names', 'var o={' + times(N, (i) => `longPropertyName${i}:${i + 100}`, ',') + '};'],
  ['obj_float', 'properties: float values', 'var o={' + times(N, (i) => `k${i}:${i + 0.5}`, ',') + '};'],
  ['arr_int', 'array of small integers', 'var a=[' + times(50, (i) => String(i), ',') + '];'],
  ['arr_int_u8', 'Uint8Array of 50', 'var a=new Uint8Array([' + times(50, (i) => String(i), ',') + ']);'],
  ['str_arr', '20-character string literals, plain', 'var s=[' + times(N, (i) => `"string number ${pad3(i)} ok"`, ',') + '];'],
  ['str_one', 'a 200-character literal, plain', 'var s="' + 'abcdefghij'.repeat(20) + '";'],
  ['vars_top', 'top-level variables, short names', times(N, (i) => `var v${i}=${i};`)],
  ['vars_long', 'top-level variables, 13/14-character names', times(N, (i) => `var variableName${i}=${i};`)],
  ['closure_let', 'a closure keeps its call scope and every let in it', '(function(){' + times(N, (i) => `let v${i}=${i};`, '') + 'global.keep=function(){return v0+v19};})()'],
];

const plain = (name: string, about: string, code: string, extra: Partial<MicroProgram> = {}): MicroProgram => ({ name, about, code, mode: 'plain', ...extra });
const tok = (name: string, about: string, code: string, extra: Partial<MicroProgram> = {}): MicroProgram => ({ name, about, code, mode: 'tokenised', ...extra });

/** String literals of these lengths, plain and pretokenised: the string var, its STRING_EXTs, flash. */
const LENGTHS = [0, 1, 4, 8, 9, 10, 17, 18, 19, 20, 26, 27, 28, 40, 100];

function strings(): MicroProgram[] {
  const out: MicroProgram[] = [];
  for (const len of LENGTHS) {
    const lit = JSON.stringify('x'.repeat(len));
    out.push(plain(`str_${len}_plain`, `a ${len}-character literal, plain: copied into RAM`, `var s=${lit};`));
    out.push(tok(`str_${len}_tok`, `a ${len}-character literal, pretokenised: past a string var it stays in flash`, `var s=${lit};`));
  }
  // a string built at run time from a flash literal is in RAM again
  out.push(tok('str_concat_tok', 'a run-time concatenation of a flash literal: RAM', `var a="${'y'.repeat(30)}";var s=a+"!";`));
  return out;
}

function names(): MicroProgram[] {
  const out: MicroProgram[] = [];
  for (const len of [1, 4, 5, 13, 14, 22, 23, 24]) {
    const name = 'n'.repeat(len);
    out.push(plain(`name_${len}`, `a top-level variable named with ${len} characters`, `var ${name}=1;`));
  }
  out.push(plain('int_pack_edges', 'integers at the edges of a packed NAME (12-bit: -2048..2047; 14-bit: -8192..8191)', 'var o={a:2047,b:2048,c:-2048,d:-2049,e:4095,f:4096,g:8191,h:8192,i:-8192,j:-8193};'));
  out.push(plain('int_big', 'integers past 32 bits are floats', 'var o={a:2147483647,b:2147483648,c:-2147483648,d:1e12};'));
  out.push(plain('bool_null_undef', 'booleans and null take a var under a string NAME; undefined none', 'var o={a:true,b:false,c:null,d:undefined};'));
  out.push(plain('arr_mixed', 'array elements: integers and booleans packed, floats and strings not', 'var a=[1,true,false,2.5,null,"s",-3,3000];'));
  out.push(plain('obj_index_keys', 'integer-like keys are integer NAMEs', 'var o={0:1,1:true,22:"x","007":1};'));
  return out;
}

function functions(): MicroProgram[] {
  return [
    plain('fn_params_long', 'parameter names are NAMEs of "\\xFF"+name', 'function f(alpha,betagamma,c){return alpha+betagamma+c}'),
    plain('fn_return_only', 'a body that is only a return', 'function f(a){return a}'),
    plain('fn_expr_named', 'a named function expression keeps its name', 'var f=function fact(n){return n<2?1:n*fact(n-1)};f(5);'),
    plain('arrow_this', 'an arrow that uses this keeps it', 'var o={v:1,m:function(){return ()=>this.v}};var a=o.m();'),
    plain('arrow_block', 'arrow functions with a block body', 'global.keep=[' + times(5, (i) => `(a)=>{var b=a+${i};return b}`, ',') + '];'),
    plain('closure_depth2', 'a closure two calls deep links both scopes (an array)', '(function(){var a=1;(function(){var b=2;global.keep=function(){return a+b}})()})()'),
    plain('closure_depth3', 'three scopes deep', '(function(){var a=1;(function(){var b=2;(function(){var c=3;global.keep=function(){return a+b+c}})()})()})()'),
    plain('closure_block', 'a closure made in a block with let links the block scope', '(function(){var a=1;if(a){let b=2;global.keep=function(){return a+b}}})()'),
    plain('closure_loop_block', 'closures made in a loop body with let', 'var fs=[];(function(){for(var i=0;i<3;i++){let j=i*1000;fs.push(function(){return j})}})()'),
    plain('closure_keeps_all', 'a closure keeps every variable of its call, used or not', '(function(){var big=[1,2,3,4,5,6,7,8,9,10],s="some text that is long";global.keep=function(){return 1}})()'),
    plain('closures_share', 'two closures of one call share its scope', '(function(){var a=[1,2,3];global.k1=function(){return a};global.k2=function(){return a.length}})()'),
    plain('closure_factory', 'a factory: each call makes a scope and a closure', 'function mk(n){return function(){return n}}\nvar fs=[mk(1),mk(2),mk(3),mk(4)];'),
    plain('method_props', 'an object of methods', 'var api={a:function(x){return x},b:function(x,y){return x+y},c:function(){}};'),
    plain('fn_prop', 'a property set on a function', 'function f(){}\nf.count=3000;'),
    plain('ctor_new', 'new on a function makes its prototype and the instance __proto__', 'function P(x){this.x=x}\nvar p=new P(1);'),
  ];
}

function data(): MicroProgram[] {
  return [
    plain('arr_nested', 'arrays of arrays (cue tables)', 'var t={pump:[[0,30,1,70]],done:[[0,250,1,250],[450,250,1,300],[950,600,1,600]],tick:[[0,0,.35,35]]};'),
    plain('arr_floats', 'float elements', 'var a=[0.5,1.5,2.25,.35,1e-3];'),
    plain('json_parse', 'JSON.parse: objects, arrays, RAM strings', 'var o=JSON.parse(\'{"a":1,"bb":"hello world!","c":[1,2,3],"d":{"e":65000.25,"f":"x"}}\');'),
    plain('json_stringify', 'JSON.stringify: a RAM string', 'var s=JSON.stringify({a:1,b:[1,2,3],c:"text"});'),
    plain('obj_assign', 'Object.assign copies properties', 'var a={x:1,y:2,z:"ab"};var o=Object.assign({},a,{w:3});'),
    plain('u8_10', 'Uint8Array of 10: the bytes in a plain string', 'var a=new Uint8Array(10);'),
    plain('u8_50', 'Uint8Array of 50: the bytes in a flat string', 'var a=new Uint8Array(50);'),
    plain('u16_20', 'Uint16Array of 20', 'var a=new Uint16Array(20);'),
    plain('f32_8', 'Float32Array of 8', 'var a=new Float32Array(8);'),
    plain('two_u8', 'a second Uint8Array: the prototype is made once', 'var a=new Uint8Array(10),b=new Uint8Array(30);'),
  ];
}

function builtins(): MicroProgram[] {
  return [
    plain('proto_array', 'a member of an array makes the Array prototype', 'var a=[];a.push(1);'),
    plain('proto_string', 'a member of a string makes the String prototype', 'var s="abc";var n=s.length;'),
    plain('proto_number', 'a member of a number makes the Number prototype', 'var s=(5).toFixed(1);'),
    plain('builtin_math', 'naming Math adds it to the root', 'var x=Math.PI;'),
    plain('builtin_json_e', 'naming JSON and E', 'var a=JSON,b=E;'),
    plain('object_named_first', 'Object and its prototype are there before the code runs (the prelude made them)', 'var O=Object;'),
    plain('object_after_fn', 'so are Function and its prototype', 'var f=function(){};f.call;var O=Object;'),
    plain('proto_plain', 'Array named first: its prototype is made later without a constructor', 'var A=Array;var a=[1];a.push(2);'),
    plain('storage_require', 'require("Storage"): the module cache', 'require("Storage").getFree();'),
    plain('storage_held', 'the Storage module kept in a variable', 'var S=require("Storage");'),
    plain('storage_read', 'a Storage read is a flash string', 'var t=require("Storage").read(".bootcde");'),
    plain('storage_readjson', 'readJSON builds the object in RAM', 'var o=require("Storage").readJSON("cfg.json");', { files: { 'cfg.json': '{"ppm":60,"strength":0.8,"name":"therapist one"}' } }),
    tok('storage_eval', 'eval of a Storage module: what it builds, its code in flash', 'var m=eval(require("Storage").read("mod"));', { files: { mod: '(function(){var t={a:1,b:[1,2]};return{get:function(k){return t[k]},size:function(){return 2}}})()' } }),
    tok('storage_eval_in_call', 'eval in a call runs in its scope: a closure it makes keeps the caller\'s scope too', 'function ld(n){var t=require("Storage").read(n);return eval(t)}\nvar m=ld("mod");', { files: { mod: '(function(){var x=[1,2,3];return function(){return x}})()' } }),
  ];
}

function runtime(): MicroProgram[] {
  return [
    plain('timeout', 'an armed setTimeout', 'setTimeout(function(){},100000);'),
    plain('timeout_2', 'two armed timers', 'setTimeout(function(){},100000);setTimeout(function(){},200000);'),
    plain('interval', 'an armed setInterval', 'setInterval(function(){},100000);'),
    plain('timeout_fired', 'a timeout that ran is gone', 'setTimeout(function(){},10);'),
    plain('watch_both', 'a repeating watch on both edges with debounce', 'setWatch(function(){},BTN,{repeat:true,edge:"both",debounce:25});'),
    plain('watch_rising', 'a repeating watch, rising edge (the button default debounce)', 'setWatch(function(){},BTN,{repeat:true});'),
    plain('watch_pressed', 'a watch that saw a press keeps lastTime', 'setWatch(function(){},BTN,{repeat:true,edge:"both",debounce:25});', { after: [{ button: true }, { button: false }] }),
    plain('handler_one', 'E.on: the event array on E', 'E.on("init",function(){});'),
    plain('handler_two', 'two handlers of one event, and another event', 'E.on("init",function(){});E.on("init",function(){});E.on("kill",function(){});'),
  ];
}

function ramCode(): MicroProgram[] {
  return [
    { name: 'console_fn_short', about: 'a function typed at the console keeps its code in RAM (a plain string)', code: 'function f(a){return a+1}', mode: 'console' },
    { name: 'console_fn_long', about: 'a longer body: a flat string', code: 'function g(a,b){var c=a*b;if(c>100){c=c-100}return c+a-b}', mode: 'console' },
    { name: 'console_arrow', about: 'an arrow typed at the console', code: 'global.h=(x)=>x*2+1', mode: 'console' },
    { name: 'console_var', about: 'a variable set at the console', code: 'var q={a:1,b:"abc"}', mode: 'console' },
  ];
}

/** Programs whose peak is their own work: what a running call holds. */
function peaks(): MicroProgram[] {
  return [
    plain('peak_temp_array', 'a call builds a 40-element array and drops it', 'function f(){var a=[];for(var i=0;i<40;i++)a.push(i*1000);return a.length}\nvar n=f();', { peak: true }),
    plain('peak_nested_calls', 'calls three deep, each with locals', 'function c(x){var z=[x,x];return z.length}function b(x){var y=[x];return c(x)+y.length}function a(x){var w={p:x};return b(x)+w.p}\nvar r=a(5000);', { peak: true }),
    plain('peak_closure_temp', 'a closure made and dropped in a call', 'function f(){var a=[1,2,3];var g=function(){return a};return g().length}\nvar n=f();', { peak: true }),
    { name: 'peak_console_line', about: 'a long console line: held while it runs, twice as it arrives', code: 'var z=1;' + '/*' + 'c'.repeat(300) + '*/', mode: 'console', peak: true },
  ];
}

export const CALIBRATION_PROGRAMS: MicroProgram[] = [
  ...SHARED.map(([name, about, code]) => plain(name, about, code)),
  ...strings(),
  ...names(),
  ...functions(),
  ...data(),
  ...builtins(),
  ...runtime(),
  ...ramCode(),
  ...peaks(),
];
