import { AuthorizationServerUnavailableError } from '../../errors/auth.errors.js';

/** Largest answer read from an authorization server (metadata, JWKS, introspection). */
const MAX_ANSWER_BYTES = 1024 * 1024;

export interface JsonRequest {
  /** What is asked, for error messages: "the JWKS at https://…". */
  readonly what: string;
  readonly url: string | URL;
  readonly init?: Omit<RequestInit, 'signal'>;
  /** Used for the message of a timeout; the signal is made from it unless `signal` is given. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/**
 * GETs (or POSTs) `url` and returns its JSON body. Every failure (network, timeout, redirect, non-2xx, too large,
 * not JSON) is an `AuthorizationServerUnavailableError` whose message says which.
 */
export async function fetchJson(request: JsonRequest): Promise<unknown> {
  const { what, timeoutMs } = request;
  const signal = request.signal ?? AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(request.url, { redirect: 'manual', ...request.init, signal });
    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel().catch(() => undefined);
      throw new AuthorizationServerUnavailableError(`${what} answered HTTP ${response.status}`);
    }
    const text = await readText(response, what);
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new AuthorizationServerUnavailableError(`${what} did not answer JSON`, { cause });
    }
  } catch (error) {
    if (error instanceof AuthorizationServerUnavailableError) throw error;
    // Checked by name: the DOMException may come from another realm (undici's), so `instanceof Error` can be false.
    if (isObject(error) && error.name === 'TimeoutError') {
      throw new AuthorizationServerUnavailableError(`${what} did not answer within ${timeoutMs} ms`, { cause: error });
    }
    throw new AuthorizationServerUnavailableError(`${what} could not be reached (${describe(error)})`, { cause: error });
  }
}

async function readText(response: Response, what: string): Promise<string> {
  const tooLarge = (): AuthorizationServerUnavailableError =>
    new AuthorizationServerUnavailableError(`${what} answered more than ${MAX_ANSWER_BYTES} bytes`);
  if (Number(response.headers.get('content-length')) > MAX_ANSWER_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(error: unknown): string {
  if (!isObject(error) || typeof error.message !== 'string') return String(error);
  // undici reports "fetch failed" and puts the reason (ECONNREFUSED, ENOTFOUND…) in the cause.
  const cause = isObject(error.cause) ? (error.cause.code ?? error.cause.message) : undefined;
  return typeof cause === 'string' ? `${error.message}: ${cause}` : error.message;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
