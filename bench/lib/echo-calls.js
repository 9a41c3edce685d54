// The request the throughput benches send: tools/call of the echo tool, on a 2025 session or as a 2026-07-28 request.
import { ACCEPT, openSession } from './session.js';

export const callBody = (id = 1) =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hello' } } });

export const modernBody = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: {
    name: 'echo',
    arguments: { text: 'hello' },
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': {},
      'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1.0.0' },
    },
  },
});

export const modernHeaders = {
  'content-type': 'application/json',
  accept: ACCEPT,
  'mcp-protocol-version': '2026-07-28',
  'mcp-method': 'tools/call',
  'mcp-name': 'echo',
};

/** Headers for calls on a fresh 2025 session (no session id in stateless mode). */
export async function openSessionHeaders(url) {
  const sessionId = await openSession(url, { required: false });
  const headers = { 'content-type': 'application/json', accept: ACCEPT, 'mcp-protocol-version': '2025-11-25' };
  if (sessionId) headers['mcp-session-id'] = sessionId;
  return headers;
}

/** tools/call of another tool taking `{ text }` (e.g. `echo_cached`), on a 2025 session. */
export const callBodyOf = (tool, id = 1) =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: tool, arguments: { text: 'hello' } } });

/** The same as a 2026-07-28 request: its body and headers. */
export const modernCallOf = (tool) => {
  const body = JSON.parse(modernBody);
  body.params.name = tool;
  return { body: JSON.stringify(body), headers: { ...modernHeaders, 'mcp-name': tool } };
};

/** The load of a 2025 path at `url`: opened with initialize (a session id unless the server is stateless), then tools/call. */
export const sessionLoad = async (url) => ({ url, headers: await openSessionHeaders(url), body: callBody() });

/** The load of 2026-07-28 requests at `url`. */
export const modernLoad = (url) => ({ url, headers: modernHeaders, body: modernBody });
