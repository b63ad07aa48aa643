// The gate's view of the acorn tree: a loosely typed ESTree node, its child
// nodes in source order, and the small questions every check asks of a node
// (is it a function, a class, what is the property's name).

/** An ESTree node as acorn produces it (locations on); loosely typed on purpose. */
export interface N {
  type: string;
  start: number;
  end: number;
  loc?: { start: { line: number; column: number } } | null;
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const NON_CHILD_KEYS = new Set(['type', 'start', 'end', 'loc', 'range']);

function isNode(v: unknown): v is N {
  return typeof v === 'object' && v !== null && typeof (v as N).type === 'string';
}

/** The child nodes of a node, in source order for every ESTree node type acorn emits. */
export function childrenOf(node: N): N[] {
  const out: N[] = [];
  for (const key of Object.keys(node)) {
    if (NON_CHILD_KEYS.has(key)) continue;
    const v = node[key];
    if (Array.isArray(v)) for (const item of v) { if (isNode(item)) out.push(item); }
    else if (isNode(v)) out.push(v);
  }
  return out;
}

export const isFunction = (n: N | null | undefined): boolean =>
  !!n && (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression');
export const isClass = (n: N | null | undefined): boolean => !!n && (n.type === 'ClassDeclaration' || n.type === 'ClassExpression');

/** The name of a non-computed property (`a.b`, `{b: 1}`) or of a string-literal computed one (`a['b']`). */
export function propertyName(node: N): string | null {
  const key = node.type === 'MemberExpression' ? node.property : node.key;
  if (!node.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return null;
}

/** The members of a class body, in source order. */
export function classMembers(cls: N): N[] {
  return cls.body.body;
}
