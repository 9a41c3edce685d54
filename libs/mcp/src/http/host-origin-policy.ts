import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1', '[::1]'];

export interface HostOriginPolicyOptions {
  readonly dnsRebindingProtection: boolean | 'auto';
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
}

/**
 * Host and Origin validation against DNS rebinding. In `'auto'` mode it applies to connections arriving on a
 * loopback address, where only loopback names are valid; configured hosts and origins are always allowed.
 */
export class HostOriginPolicy {
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;

  constructor(private readonly options: HostOriginPolicyOptions) {
    this.hosts = new Set([...LOOPBACK_HOSTS, ...options.allowedHosts.map((host) => host.toLowerCase())]);
    this.origins = new Set(options.allowedOrigins.map((origin) => origin.toLowerCase().replace(/\/+$/, '')));
  }

  /** Why the request must be refused with 403, or undefined when it may proceed. */
  reject(req: IncomingMessage): string | undefined {
    const origin = req.headers.origin;
    if (!this.enforced(req)) {
      return origin !== undefined && this.origins.size > 0 && !this.originAllowed(origin) ? `Origin not allowed: ${origin}` : undefined;
    }
    const host = hostnameOf(req.headers.host);
    if (!host || !this.hosts.has(host)) return `Host not allowed: ${req.headers.host ?? '(none)'}`;
    if (origin !== undefined && !this.originAllowed(origin)) return `Origin not allowed: ${origin}`;
    return undefined;
  }

  private enforced(req: IncomingMessage): boolean {
    const mode = this.options.dnsRebindingProtection;
    if (mode === 'auto') return isLoopbackAddress(req.socket.localAddress);
    return mode;
  }

  private originAllowed(origin: string): boolean {
    const normalized = origin.toLowerCase();
    if (this.origins.has(normalized)) return true;
    if (normalized === 'null') return false;
    try {
      return this.hosts.has(new URL(normalized).hostname);
    } catch {
      return false;
    }
  }
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
