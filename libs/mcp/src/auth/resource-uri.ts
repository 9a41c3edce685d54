/**
 * Whether two resource URIs name the same resource (RFC 8707 / MCP canonical URIs), compared leniently: scheme and
 * host case-insensitive, the fragment ignored, one trailing slash ignored. Strings that are not URLs must be equal.
 */
export function sameResource(a: string, b: string): boolean {
  return canonicalResource(a) === canonicalResource(b);
}

function canonicalResource(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return uri;
  }
  url.hash = '';
  // WHATWG URL lowercases the host of http(s) URLs only; `api://Host` keeps its case.
  if (url.host) url.host = url.host.toLowerCase();
  const href = url.href;
  return href.endsWith('/') ? href.slice(0, -1) : href;
}
