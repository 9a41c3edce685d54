/**
 * The `_meta` keys of component versions (ours, reverse-DNS): a client asks for one version of a tool with
 * `params._meta['io.github.nestjs-mcp/version']`; `tools/list` names the version it lists and every version served.
 */
export const VERSION_META_KEY = 'io.github.nestjs-mcp/version';
export const VERSIONS_META_KEY = 'io.github.nestjs-mcp/versions';

/** The version a request asks for: a string in `params._meta`, else undefined (anything else is not a request for one). */
export function requestedVersion(params: unknown): string | undefined {
  const meta = (params as { _meta?: unknown } | undefined)?._meta;
  const version = meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>)[VERSION_META_KEY] : undefined;
  return typeof version === 'string' ? version : undefined;
}
