import type { IncomingMessage } from 'node:http';

/**
 * What the SDK hands handlers as the HTTP request (`ctx.http.req`), built from Node's request: its headers become a
 * web `Headers` only when something reads them, which few calls do.
 */
export class NodeRequestView {
  private cachedHeaders?: Headers;

  constructor(private readonly req: IncomingMessage) {}

  get method(): string {
    return this.req.method ?? 'POST';
  }

  get headers(): Headers {
    this.cachedHeaders ??= headersOf(this.req);
    return this.cachedHeaders;
  }

  /** Typed as the web `Request` the SDK's context declares; only `headers` and `method` are read from it. */
  asRequest(): Request {
    return this as unknown as Request;
  }
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  // HTTP/2 pseudo-headers (`:path`) are not headers to a web `Headers`.
  for (let i = 0; i + 1 < raw.length; i += 2) if (!raw[i].startsWith(':')) headers.append(raw[i], raw[i + 1]);
  return headers;
}
