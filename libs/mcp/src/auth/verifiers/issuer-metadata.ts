import { AuthorizationServerUnavailableError } from '../../errors/auth.errors.js';
import { FailureCooldown } from './failure-cooldown.js';
import { fetchJson, isJsonObject } from './fetch-json.js';

/** The fields of an authorization server's metadata (RFC 8414 / OpenID Discovery) the verifiers use. */
export interface AuthorizationServerMetadata {
  readonly issuer: string;
  readonly jwks_uri?: string;
  readonly introspection_endpoint?: string;
  readonly [field: string]: unknown;
}

export interface IssuerMetadataOptions {
  /** For both documents together. */
  readonly timeoutMs: number;
  /** After a failure, no new attempt for this long. */
  readonly cooldownMs: number;
}

/**
 * The metadata of one issuer, discovered once: RFC 8414 `/.well-known/oauth-authorization-server` first, then
 * OpenID `/.well-known/openid-configuration`. A document whose `issuer` is not exactly the configured one is not
 * used (RFC 8414 §3.3). The first success is kept for the life of the process; a failure is an
 * `AuthorizationServerUnavailableError`, and is repeated without asking again during the cooldown.
 */
export class IssuerMetadata {
  private readonly cooldown: FailureCooldown;
  private discovered?: AuthorizationServerMetadata;
  private pending?: Promise<AuthorizationServerMetadata>;

  constructor(
    readonly issuer: string,
    private readonly options: IssuerMetadataOptions,
  ) {
    discoveryUrls(issuer); // refuses an issuer that is not a URL now, not at the first request
    this.cooldown = new FailureCooldown(options.cooldownMs);
  }

  async get(): Promise<AuthorizationServerMetadata> {
    if (this.discovered) return this.discovered;
    this.pending ??= this.cooldown.run(() => this.discover()).finally(() => (this.pending = undefined));
    const metadata = await this.pending;
    this.discovered = metadata;
    return metadata;
  }

  /** An endpoint of the metadata, e.g. `jwks_uri`; its absence is an `AuthorizationServerUnavailableError`. */
  async endpoint(field: 'jwks_uri' | 'introspection_endpoint'): Promise<string> {
    const value = (await this.get())[field];
    if (typeof value !== 'string' || !URL.canParse(value)) {
      throw new AuthorizationServerUnavailableError(`the metadata of issuer ${this.issuer} has no ${field}`);
    }
    return value;
  }

  private async discover(): Promise<AuthorizationServerMetadata> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const failures: string[] = [];
    for (const url of discoveryUrls(this.issuer)) {
      try {
        const document = await fetchJson({
          what: `the issuer metadata at ${url}`,
          url,
          init: { headers: { accept: 'application/json' } },
          timeoutMs: this.options.timeoutMs,
          signal,
        });
        if (!isJsonObject(document)) {
          failures.push(`${url} is not a JSON object`);
        } else if (document.issuer !== this.issuer) {
          failures.push(`${url} names issuer ${JSON.stringify(document.issuer)}, not ${this.issuer}`);
        } else {
          return document as AuthorizationServerMetadata;
        }
      } catch (error) {
        if (!(error instanceof AuthorizationServerUnavailableError)) throw error;
        failures.push(error.message);
        if (signal.aborted) break;
      }
    }
    throw new AuthorizationServerUnavailableError(`could not discover the metadata of issuer ${this.issuer}: ${failures.join('; ')}`);
  }
}

/**
 * RFC 8414 §3.1 puts the well-known segment between the host and the issuer's path
 * (`https://h/.well-known/oauth-authorization-server/tenant`); OpenID Discovery appends it to the issuer.
 */
export function discoveryUrls(issuer: string): [URL, URL] {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new TypeError(`issuer ${JSON.stringify(issuer)} is not a URL, so its metadata cannot be discovered`);
  }
  const path = url.pathname.replace(/\/$/, '');
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, url.origin),
    new URL(`${url.origin}${path}/.well-known/openid-configuration`),
  ];
}
