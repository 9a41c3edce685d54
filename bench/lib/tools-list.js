// Full tools/list walks on a 2025 session: a walk follows nextCursor until there is none and must see every tool.

/** One walk; returns how many tools it saw. */
export async function walkTools(url, headers) {
  let cursor;
  let seen = 0;
  do {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: cursor ? { cursor } : {} });
    const response = await fetch(url, { method: 'POST', headers, body });
    const message = await response.json();
    if (!message.result) throw new Error(`tools/list failed: HTTP ${response.status} ${JSON.stringify(message).slice(0, 300)}`);
    seen += message.result.tools.length;
    cursor = message.result.nextCursor;
  } while (cursor);
  return seen;
}

/** `walkers` concurrent walkers for `seconds`; full walks per second, refusing any walk that did not see `tools` tools. */
export async function walksPerSecond({ url, headers, walkers, seconds, tools }) {
  const started = performance.now();
  const until = started + seconds * 1000;
  let walks = 0;
  await Promise.all(
    Array.from({ length: walkers }, async () => {
      while (performance.now() < until) {
        const seen = await walkTools(url, headers);
        if (seen !== tools) throw new Error(`a tools/list walk saw ${seen} tools, not ${tools}`);
        walks++;
      }
    }),
  );
  return walks / ((performance.now() - started) / 1000);
}
