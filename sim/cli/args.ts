// A small flag parser for the simulator commands: --name value and --flag.
// Unknown flags and missing values are errors that name the flag.
export type Flags = Record<string, string | true | string[]>;

/** 'list': may be given again, each value kept (--set a=1 --set b=2). */
export function parseFlags(argv: string[], known: Record<string, 'value' | 'flag' | 'list'>): Flags {
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}" (flags start with --)`);
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    const kind = known[name];
    if (!kind) throw new Error(`unknown flag --${name} (known: ${Object.keys(known).map((k) => '--' + k).join(' ')})`);
    if (kind === 'flag') {
      flags[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
    if (kind === 'list') flags[name] = [...((flags[name] as string[] | undefined) ?? []), value];
    else flags[name] = value;
  }
  return flags;
}

export function oneOf<T extends string>(flag: string, value: string | true | string[] | undefined, allowed: readonly T[], dflt: T): T {
  if (value === undefined) return dflt;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new Error(`--${flag} must be one of ${allowed.join(', ')} (got ${String(value)})`);
  }
  return value as T;
}
