// One autocannon load of a POST request, checked first to answer the echo, summarised as the benches report it.
import autocannon from 'autocannon';

/** Sends the request once and refuses an answer that is not the echo. */
export async function checkEcho(url, headers, body) {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  if (!response.ok || !text.includes('hello')) throw new Error(`warm-up call failed: HTTP ${response.status} ${text.slice(0, 300)}`);
}

/**
 * autocannon's `setupClient` giving each connection a JSON-RPC id of its own (the body's first `"id":` is replaced
 * with the connection's number, once per connection): on a shared session, no two requests in progress then share an
 * id, which the spec forbids and the server refuses.
 */
export function idPerConnection(body) {
  let connection = 0;
  return (client) => client.setBody(body.replace(/"id":("[^"]*"|\d+)/, `"id":${++connection}`));
}

/** `connections` connections for `seconds`: { reqPerSec, p50Ms, p99Ms, errors }. */
export async function loadFor({ url, headers, body }, { connections, seconds }) {
  const result = await autocannon({ url, method: 'POST', headers, body, setupClient: idPerConnection(body), connections, duration: seconds });
  return {
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}
