import type { McpTokenVerificationContext, McpTokenVerifier, McpVerifiedToken } from '../../interfaces/auth.interface.js';
import { AuthorizationServerUnavailableError, InvalidTokenError } from '../../errors/auth.errors.js';
import { fetchJson, isJsonObject } from './fetch-json.js';
import { IssuerMetadata } from './issuer-metadata.js';
import { assertAudience, verifiedTokenOf } from './token-claims.js';
import { assertBearerTokenShape } from './token-shape.js';

export interface IntrospectionVerifierOptions {
  /** The RFC 7662 endpoint. Default: `introspection_endpoint` of `issuer`'s metadata (RFC 8414, then OpenID). */
  endpoint?: string;
  /** The authorization server: answers naming another `iss` are refused; needed when `endpoint` is not given. */
  issuer?: string;
  /** This server's credentials at the authorization server, sent as HTTP Basic (`client_secret_basic`). */
  clientId: string;
  clientSecret: string;
  /** The audiences accepted (`aud`, compared as resource URIs). Default: the server's `resourceUrl`. */
  audience?: string | string[];
  /** Longest wait for the introspection answer (and for discovery). Default 5 s. */
  timeoutMs?: number;
}

/** After a failed discovery, the next attempt waits this long. */
const DISCOVERY_COOLDOWN_MS = 30_000;

/**
 * Verifies opaque (or any) tokens by asking the authorization server (RFC 7662 token introspection). Every token is
 * asked about; the gate caches the answers.
 */
export function introspectionVerifier(options: IntrospectionVerifierOptions): McpTokenVerifier {
  return new IntrospectionVerifier(options);
}

class IntrospectionVerifier implements McpTokenVerifier {
  readonly issuer?: string;
  private readonly timeoutMs: number;
  private readonly authorization: string;
  private readonly locateEndpoint: () => Promise<string>;

  constructor(private readonly options: IntrospectionVerifierOptions) {
    if (!options.clientId || !options.clientSecret) {
      throw new TypeError('introspectionVerifier: `clientId` and `clientSecret` are required');
    }
    this.issuer = options.issuer;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    if (!(Number.isFinite(this.timeoutMs) && this.timeoutMs >= 0)) {
      throw new TypeError('introspectionVerifier: `timeoutMs` must be a non-negative number');
    }
    this.authorization = basicAuthorization(options.clientId, options.clientSecret);
    this.locateEndpoint = endpointLocator(options, this.timeoutMs);
  }

  async verify(token: string, { resourceUrl }: McpTokenVerificationContext): Promise<McpVerifiedToken> {
    assertBearerTokenShape(token);
    const endpoint = await this.locateEndpoint();
    const answer = await fetchJson({
      what: `the introspection endpoint ${endpoint}`,
      url: endpoint,
      init: {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
      },
      timeoutMs: this.timeoutMs,
    });
    if (!isJsonObject(answer) || typeof answer.active !== 'boolean') {
      throw new AuthorizationServerUnavailableError(`the introspection endpoint ${endpoint} did not answer an RFC 7662 response`);
    }
    if (!answer.active) throw new InvalidTokenError('token is not active');
    const verified = verifiedTokenOf(answer);
    if (verified.expiresAt !== undefined && verified.expiresAt * 1000 <= Date.now()) throw new InvalidTokenError('token expired');
    if (this.issuer !== undefined && answer.iss !== undefined && answer.iss !== this.issuer) {
      throw new InvalidTokenError('token issuer is not trusted');
    }
    assertAudience(verified, this.options.audience ?? resourceUrl);
    return verified;
  }
}

function endpointLocator(options: IntrospectionVerifierOptions, timeoutMs: number): () => Promise<string> {
  const { endpoint, issuer } = options;
  if (endpoint !== undefined) {
    if (!URL.canParse(endpoint)) throw new TypeError(`introspectionVerifier: \`endpoint\` ${JSON.stringify(endpoint)} is not a URL`);
    return async () => endpoint;
  }
  if (issuer === undefined) throw new TypeError('introspectionVerifier: give `endpoint`, or `issuer` to discover it');
  const metadata = new IssuerMetadata(issuer, { timeoutMs, cooldownMs: DISCOVERY_COOLDOWN_MS });
  return () => metadata.endpoint('introspection_endpoint');
}

/** RFC 6749 §2.3.1: the client id and secret are form-urlencoded before they are joined and base64-encoded. */
function basicAuthorization(clientId: string, clientSecret: string): string {
  const credentials = `${formEncode(clientId)}:${formEncode(clientSecret)}`;
  return `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice('v='.length);
}
