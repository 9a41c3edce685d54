// Opening a 2025 session by hand, for the benches.
export const ACCEPT = 'application/json, text/event-stream';

/**
 * Sends `initialize` (and, unless told not to, `notifications/initialized`) and returns the session id; throws when
 * none is given unless `required` is false (a stateless server opens none).
 */
export async function openSession(url, { initialized = true, required = true } = {}) {
  const init = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1.0.0' } },
    }),
  });
  const sessionId = init.headers.get('mcp-session-id');
  const answer = await init.text();
  if (!init.ok || (!sessionId && required)) throw new Error(`no session opened (HTTP ${init.status}): ${answer.slice(0, 200)}`);
  if (initialized && sessionId) {
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    }).then((response) => response.text());
  }
  return sessionId;
}
