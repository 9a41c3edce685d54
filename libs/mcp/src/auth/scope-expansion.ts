/**
 * Granted scopes plus every scope they include through `scopeHierarchy` (transitively, cycles harmless).
 * Returns the same array when the hierarchy adds nothing.
 */
export function expandScopes(granted: readonly string[], hierarchy: Readonly<Record<string, readonly string[]>>): string[] {
  const expanded = new Set(granted);
  const pending = [...granted];
  while (pending.length) {
    const scope = pending.pop()!;
    const included = Object.hasOwn(hierarchy, scope) ? hierarchy[scope] : undefined;
    for (const child of included ?? []) {
      if (expanded.has(child)) continue;
      expanded.add(child);
      pending.push(child);
    }
  }
  return [...expanded];
}

/** RFC 6749 scope tokens never listed to clients by a resource server (MCP 2026-07-28: no `offline_access`). */
export function advertisedScopes(scopes: Iterable<string>): string[] {
  return [...new Set(scopes)].filter((scope) => scope !== 'offline_access');
}
