// npm run gate -- FILE...: run the interpreter gate on built bundles.
// Prints `FILE:line:col rule: message` per problem, or `FILE: ok (N bytes)`;
// exits 1 if any file has a problem (or cannot be read), 2 on bad usage.
import { readFileSync } from 'fs';
import { gate } from './gate';

function checkFile(file: string, out: (line: string) => void): boolean {
  let code: string;
  try {
    code = readFileSync(file, 'utf8');
  } catch (e) {
    out(`${file}: cannot read: ${(e as Error).message}`);
    return false;
  }
  const problems = gate(code);
  for (const p of problems) out(`${file}:${p.line}:${p.column} ${p.rule}: ${p.message}`);
  if (!problems.length) out(`${file}: ok (${Buffer.byteLength(code)} bytes)`);
  return problems.length === 0;
}

/** Gate every file, printing through `out`; returns the exit code. */
export function runGateCli(files: string[], out: (line: string) => void = console.log): number {
  if (!files.length) {
    out('usage: ts-node --transpile-only scripts/gate-cli.ts FILE...');
    return 2;
  }
  let ok = true;
  for (const file of files) ok = checkFile(file, out) && ok;
  return ok ? 0 : 1;
}

if (require.main === module) process.exit(runGateCli(process.argv.slice(2)));
