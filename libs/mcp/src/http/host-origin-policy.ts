import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1', '[::1]'];
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

export interface HostOriginPolicyOptions {
  readonly dnsRebindingProtection: boolean | 'auto';
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly validateOrigin: boolean;
}

/**
 * The endpoint's Host and Origin rules.
 * - Host (against DNS rebinding): in `'auto'` mode checked on connections that arrive on a loopback address, where
 *   only loopback names and `allowedHosts` are valid; `true` checks every connection, `false` none.
 * - Origin (the spec's MUST), on every connection unless `validateOrigin` is off: a request that carries one is
 *   allowed when it is the origin of the request's own Host, listed in `allowedOrigins`, or a loopback origin on a
 *   loopback connection. Requests without Origin (clients that are not browsers) pass.
 */
export class HostOriginPolicy {
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;

  constructor(private readonly options: HostOriginPolicyOptions) {
    this.hosts = new Set([...LOOPBACK_HOSTS, ...options.allowedHosts.map((host) => host.toLowerCase())]);
    this.origins = new Set(options.allowedOrigins.map(normalizeOrigin));
  }

  /** Why the request must be refused with 403, or undefined when it may proceed. */
  reject(req: IncomingMessage): string | undefined {
    const loopback = isLoopbackAddress(req.socket?.localAddress);
    if (this.hostChecked(loopback)) {
      const host = hostnameOf(req.headers.host);
      if (!host || !this.hosts.has(host)) return `Host not allowed: ${req.headers.host ?? '(none)'}`;
    }
    const origin = req.headers.origin;
    if (origin === undefined || !this.options.validateOrigin) return undefined;
    return this.originAllowed(origin, req.headers.host, loopback) ? undefined : `Origin not allowed: ${origin}`;
  }

  private hostChecked(loopback: boolean): boolean {
    const mode = this.options.dnsRebindingProtection;
    return mode === 'auto' ? loopback : mode;
  }

  private originAllowed(origin: string, hostHeader: string | undefined, loopback: boolean): boolean {
    const normalized = normalizeOrigin(origin);
    if (this.origins.has(normalized)) return true;
    let url: URL;
    try {
      url = new URL(normalized);
    } catch {
      return false; // `null` (sandboxed frames, file://) and anything else that is not an origin
    }
    if (!DEFAULT_PORTS[url.protocol]) return false;
    if (hostHeader !== undefined && url.host === hostWithoutDefaultPort(hostHeader, url.protocol)) return true;
    return loopback && LOOPBACK_HOSTS.includes(url.hostname);
  }
}

function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

/** The Host header as `URL.host` spells it for this scheme (no default port). */
function hostWithoutDefaultPort(hostHeader: string, protocol: string): string {
  const host = hostHeader.trim().toLowerCase();
  const suffix = `:${DEFAULT_PORTS[protocol]}`;
  return host.endsWith(suffix) ? host.slice(0, -suffix.length) : host;
}

function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const value = hostHeader.toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.split(':')[0];
}

function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
