// Where the checks put their problems: each at a 1-based line and column,
// said once, with helpers to point at an operator token and name a line.
import { getLineInfo } from 'acorn';
import { N } from './ast';
import { GateProblem, RuleId } from './rules';

export class Reporter {
  readonly problems: GateProblem[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly code: string) {}

  /** Report at a node's start, or at a source offset inside it. */
  add(rule: RuleId, node: N | number, message: string): void {
    const offset = typeof node === 'number' ? node : node.start;
    const { line, column } = getLineInfo(this.code, offset);
    const key = `${rule}:${offset}:${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.problems.push({ rule, message, line, column: column + 1 });
  }

  /** The offset of an operator token between two offsets (falls back to `from`). */
  operatorAt(op: string, from: number, to: number): number {
    const i = this.code.slice(from, to).indexOf(op);
    return i < 0 ? from : from + i;
  }

  lineOf(node: N): number {
    return getLineInfo(this.code, node.start).line;
  }
}
