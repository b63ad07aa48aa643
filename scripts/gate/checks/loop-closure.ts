// loop-closure: Node gives `for (let i ...)` and `for (const x of/in ...)` a
// fresh binding per iteration; the device shares one, so a closure created in
// the loop that runs later sees the last value. Closures that run at once
// (IIFE, forEach callback) are fine, so only "deferred" functions count.
// Limit: `let` declared inside the loop body is not checked.
import { N } from '../ast';
import { Reporter } from '../reporter';
import { Analysis } from '../scope';

export function checkLoopClosures(a: Analysis, rep: Reporter): void {
  for (const loop of a.loops) {
    for (const b of loop.scope.names.values()) {
      if (b.kind !== 'let' && b.kind !== 'const') continue;
      for (const r of a.refsByBinding.get(b) ?? []) {
        if (r.owner === loop.owner) continue;
        const closure = outermostClosure(a, r.owner, loop.owner);
        rep.add('loop-closure', closure, `closure captures the loop variable \`${b.name}\` of \`for (${b.kind} ${b.name} ...)\` (line ${rep.lineOf(loop.node)}): the device shares one binding across iterations, so it sees the last value; pass the value in through a function parameter (e.g. arr.forEach(function (${b.name}) {...}) or a helper)`);
      }
    }
  }
}

/** The function created directly in the loop's code that (transitively) contains `owner`. */
function outermostClosure(a: Analysis, owner: N, loopOwner: N): N {
  let f = owner;
  for (let up = a.createdIn.get(f); up && up !== loopOwner; up = a.createdIn.get(f)) f = up;
  return f;
}
