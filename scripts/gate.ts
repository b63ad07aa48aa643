// The interpreter gate: reject a device bundle that Node would run but the
// Espruino 2v29 interpreter would not (SyntaxError, missing built-in, or a
// silent difference in meaning). The contract is the "NOT supported" column
// and the quirks in ../shared/reference/espruino.md.
//
// gate(code) parses the bundle with acorn, builds a small scope model (who
// declares what, which code runs when), and runs one check per rule. Every
// problem carries a stable rule id (GATE_RULES), a message that names the
// construct and says what to write instead, and a 1-based line and column.
//
// The parts: the rule table (gate/rules.ts), the parsed tree's plumbing
// (gate/ast.ts), the scope model (gate/scope.ts), where problems are put
// (gate/reporter.ts), and one check per rule or family of rules
// (gate/checks/). This file runs them in order and sorts what they report.
import { parse } from 'acorn';
import { N } from './gate/ast';
import { checkErrorSubclass } from './gate/checks/error-subclass';
import { checkHoisting } from './gate/checks/hoisting';
import { checkInheritedStatics } from './gate/checks/inherited-static';
import { checkLoopClosures } from './gate/checks/loop-closure';
import { checkBuiltins } from './gate/checks/missing-builtin';
import { checkSyntax } from './gate/checks/syntax';
import { Reporter } from './gate/reporter';
import { GateProblem } from './gate/rules';
import { Analysis } from './gate/scope';

export { GATE_RULES } from './gate/rules';
export type { GateProblem } from './gate/rules';

/** Check a device bundle; [] means the bundle is acceptable. */
export function gate(code: string): GateProblem[] {
  let program: N;
  try {
    program = parse(code, { ecmaVersion: 'latest', sourceType: 'script', locations: true }) as unknown as N;
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number; column: number } };
    const loc = err.loc ?? { line: 1, column: 0 };
    return [{ rule: 'parse', message: `the bundle does not parse: ${err.message}`, line: loc.line, column: loc.column + 1 }];
  }
  const a = new Analysis(program);
  const rep = new Reporter(code);
  checkSyntax(a, rep);
  checkLoopClosures(a, rep);
  checkHoisting(a, rep);
  checkBuiltins(a, rep);
  checkErrorSubclass(a, rep);
  checkInheritedStatics(a, rep);
  return rep.problems.sort((x, y) => x.line - y.line || x.column - y.column || x.rule.localeCompare(y.rule));
}
