/**
 * Whether objects and arrays nest deeper than `maxDepth` in `value` (a JSON-RPC message counts as depth 1, its
 * `params` as 2, and so on). Walks with an explicit stack, never recursion, so hostile nesting cannot overflow the
 * call stack here; it stops at the first node past the limit, and visits each node once.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const nodes: object[] = [value];
  const depths: number[] = [1];
  const visit = (child: unknown, depth: number) => {
    if (typeof child === 'object' && child !== null) {
      nodes.push(child);
      depths.push(depth);
    }
  };
  while (nodes.length > 0) {
    const node = nodes.pop() as Record<string, unknown>;
    const depth = depths.pop() as number;
    if (depth > maxDepth) return true;
    // Indexes and for...in rather than Object.values: no array allocated per node (bodies may hold 100k nodes).
    if (Array.isArray(node)) for (let index = 0; index < node.length; index++) visit(node[index], depth + 1);
    else for (const key in node) visit(node[key], depth + 1);
  }
  return false;
}
