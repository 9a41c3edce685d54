import { SdkHttpError, StreamableHTTPClientTransport, UnauthorizedError } from '@modelcontextprotocol/client';
import type { ConnectOptions, McpConnection, McpTarget } from './mcp-target.js';
import { connectClient, messageOf } from './sdk-client.js';

type UrlTarget = Extract<McpTarget, { kind: 'url' }>;

/** Connects over Streamable HTTP to a running server. */
export async function connectUrl(target: UrlTarget, options: ConnectOptions): Promise<McpConnection> {
  const transport = new StreamableHTTPClientTransport(target.url, { requestInit: { headers: target.headers } });
  const label = target.url.href;
  const client = await connectClient(transport, options, label, explainHttpFailure);
  return { client, label, close: () => client.close() };
}

function explainHttpFailure(error: unknown): string {
  if (error instanceof UnauthorizedError || (error instanceof SdkHttpError && error.status === 401)) {
    return 'the server requires authorization (401): pass a token with --header "Authorization: Bearer <token>"';
  }
  if (error instanceof SdkHttpError && error.status === 403) return `the server refused the request (403): ${error.message}`;
  const cause = causeCode(error);
  if (cause === 'ECONNREFUSED') return 'nothing is listening there (connection refused): is the server running?';
  if (cause === 'ENOTFOUND') return 'the host name does not resolve';
  return messageOf(error);
}

/** The system error code somewhere down the cause chain (fetch wraps it: "fetch failed" → ECONNREFUSED). */
function causeCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  }
  return undefined;
}
