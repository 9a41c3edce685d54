/** Raw HTTP exchanges with the MCP endpoint, for what real clients never send. */
export const ACCEPT_BOTH = 'application/json, text/event-stream';

export function initializeBody(id: number | string = 1, protocolVersion = '2025-11-25') {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '1.0.0' } },
  };
}

export async function post(url: URL, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    signal,
    headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Reads a JSON or single-event SSE response body as the JSON-RPC message it carries. */
export async function message(response: Response): Promise<any> {
  const text = await response.text();
  if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    const data = text.split('\n').filter((line) => line.startsWith('data: ') && line.length > 6);
    return JSON.parse(data[data.length - 1].slice(6));
  }
  return JSON.parse(text);
}

/** Opens a 2025 session by hand and returns its id. */
export async function openSession(url: URL): Promise<string> {
  const response = await post(url, initializeBody());
  const sessionId = response.headers.get('mcp-session-id');
  await response.text();
  if (!sessionId) throw new Error(`no session id (HTTP ${response.status})`);
  await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, sessionHeaders(sessionId)).then((r) => r.text());
  return sessionId;
}

export function sessionHeaders(sessionId: string): Record<string, string> {
  return { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' };
}

/** POST with full control of the headers, `Host` included (fetch does not let a caller set it). */
export async function postWithHost(url: URL, host: string, body: unknown): Promise<{ status: number; body: string }> {
  const { request } = await import('node:http');
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { host, 'content-type': 'application/json', accept: ACCEPT_BOTH, 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

export interface ModernPostOptions {
  capabilities?: Record<string, unknown>;
  /** More envelope or `_meta` keys (a log level, a progress token). */
  meta?: Record<string, unknown>;
  /** Headers replacing the routing headers the request would carry (`undefined` leaves one out). */
  headers?: Record<string, string | undefined>;
  /** Abandons the request. */
  signal?: AbortSignal;
}

/** POSTs one 2026-07-28 request (stateless: `_meta` envelope and routing headers). */
export async function modernPost(url: URL, method: string, params: Record<string, unknown> = {}, options: ModernPostOptions = {}): Promise<Response> {
  const headers: Record<string, string | undefined> = {
    'content-type': 'application/json',
    accept: ACCEPT_BOTH,
    'mcp-protocol-version': '2026-07-28',
    'mcp-method': method,
  };
  const nameField = { 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri', 'tasks/get': 'taskId', 'tasks/update': 'taskId', 'tasks/cancel': 'taskId' }[method];
  if (nameField) headers['mcp-name'] = String(params[nameField]);
  Object.assign(headers, options.headers);
  const _meta = {
    ...(params._meta as Record<string, unknown> | undefined),
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': options.capabilities ?? {},
    ...options.meta,
  };
  const sent = Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return post(url, { jsonrpc: '2.0', id: 1, method, params: { ...params, _meta } }, sent, options.signal);
}

/** One 2026-07-28 request, answered as one JSON-RPC message. */
export async function modernRequest(
  url: URL,
  method: string,
  params: Record<string, unknown> = {},
  capabilities: Record<string, unknown> = {},
): Promise<{ status: number; message: any }> {
  const response = await modernPost(url, method, params, { capabilities });
  return { status: response.status, message: await message(response) };
}
