// The interpreter gate's rule table: every rule id, with why the device needs
// it, and the shape of one problem. The ids are what the checks in checks/
// report and what tests and docs name; the contract behind them is the "NOT
// supported" column and the quirks in ../shared/reference/espruino.md.

export interface GateProblem {
  rule: string;
  message: string;
  /** 1-based line of the offending construct. */
  line: number;
  /** 1-based column (editor convention, so FILE:line:col can be clicked). */
  column: number;
}

/** Every rule id, with why the device needs it. The ids are stable: tests and docs use them. */
const RULE_DOCS = {
  'parse': 'the bundle must be valid JavaScript before anything else can be checked',
  'default-param': 'default parameter values are a SyntaxError on the device',
  'rest': 'rest parameters and rest elements are a SyntaxError on the device',
  'spread': 'spread in calls, arrays and object literals is a SyntaxError on the device',
  'destructuring': 'destructuring of any kind is a SyntaxError on the device',
  'computed-key': 'computed property keys in object literals and classes are a SyntaxError on the device',
  'optional-chaining': '?. is a SyntaxError on the device',
  'exponent': '** and **= are a SyntaxError on the device',
  'logical-assignment': '??=, ||= and &&= are a SyntaxError on the device',
  'label': 'labelled statements (and so labelled break/continue) are a SyntaxError on the device',
  'generator': 'generator functions are not supported by the device',
  'async': 'async functions and await are not supported by the device',
  'new-target': 'new.target is not supported by the device',
  'class-field': 'class fields are ES2022; the device supports ES2015 classes only',
  'private-name': 'private names (#x) are ES2022; the device supports ES2015 classes only',
  'static-block': 'class static blocks are ES2022; the device supports ES2015 classes only',
  'for-await': 'for await is not supported by the device',
  'regex-flag': 'the device RegExp honours only the g and i flags and silently ignores the others',
  'loop-closure': 'the device shares one let/const binding across loop iterations, so closures see the last value',
  'hoisting': 'the device does not hoist function declarations: a function is undefined until its statement has run',
  'missing-builtin': 'the device lacks these globals and methods: the call throws at run time',
  'error-subclass': 'a subclass of Error loses .message on the device',
  'inherited-static': 'the device does not inherit static methods: Sub.staticFn is undefined unless Sub defines it',
} as const;

export type RuleId = keyof typeof RULE_DOCS;

export const GATE_RULES: string[] = Object.keys(RULE_DOCS);
