import { describe, expect, it } from '@jest/globals';
import { Client as ClientV2, StreamableHTTPClientTransport as HttpTransportV2 } from '@modelcontextprotocol/client';
import { roundRobinFetch, useCluster, type Instance } from '../helpers/cluster.js';

const TASKS = { extensions: { 'io.modelcontextprotocol/tasks': {} } };

async function modern(port: number, method: string, params: Record<string, unknown>, name: string) {
  const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': method, 'mcp-name': name },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': TASKS } } }),
  });
  return ((await response.json()) as { result: Record<string, any> }).result;
}

/** An instance killed with SIGKILL while serving: its sessions go on elsewhere, its unfinished work is reported failed. */
describe('an instance killed mid-call', () => {
  const cluster = useCluster(['a', 'b', 'c']);
  const { live } = cluster;

  it('reports the streaming call as failed on another instance, and the session goes on', async () => {
    const client = new ClientV2({ name: 'crash', version: '1.0.0' });
    const transport = new HttpTransportV2(new URL(`http://127.0.0.1:${cluster.instances[0].port}/mcp`), {
      fetch: roundRobinFetch(live),
      reconnectionOptions: { initialReconnectionDelay: 100, maxReconnectionDelay: 500, reconnectionDelayGrowFactor: 1.5, maxRetries: 5 },
    });
    await client.connect(transport);
    let killed: Instance | undefined;
    const progress: string[] = [];
    const call = client.callTool(
      { name: 'work', arguments: { steps: 60 } },
      {
        onprogress: (update) => {
          progress.push(String(update.message));
          if (killed) return;
          killed = cluster.instances.find((instance) => `instance ${instance.name}` === update.message);
          killed?.process.kill('SIGKILL');
        },
        timeout: 15_000,
      },
    );
    await expect(call).rejects.toThrow(/stopped before it finished/);
    expect(killed).toBeDefined();
    const after = await client.callTool({ name: 'whoAmI', arguments: {} });
    expect((after.content as { text: string }[])[0].text).not.toBe(`instance ${killed!.name}`);
    await client.close();
  }, 30_000);

  it('keeps finished task results and fails the tasks the dead instance was running', async () => {
    const [first, second] = live();
    const done = await modern(first.port, 'tools/call', { name: 'slowSquare', arguments: { n: 5, ms: 10 } }, 'slowSquare');
    const running = await modern(first.port, 'tools/call', { name: 'slowSquare', arguments: { n: 6, ms: 20_000 } }, 'slowSquare');
    await new Promise((resolve) => setTimeout(resolve, 300));
    first.process.kill('SIGKILL');
    await new Promise((resolve) => first.process.once('exit', resolve));
    // The heartbeat of the dead instance expires within its TTL (10 s).
    let status = '';
    for (let attempt = 0; attempt < 60 && status !== 'failed'; attempt++) {
      status = (await modern(second.port, 'tasks/get', { taskId: running.taskId }, running.taskId)).status;
      if (status !== 'failed') await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe('failed');
    const failed = await modern(second.port, 'tasks/get', { taskId: running.taskId }, running.taskId);
    expect(failed.error).toEqual({ code: -32603, message: 'The server instance running this task stopped before it finished' });
    const finished = await modern(second.port, 'tasks/get', { taskId: done.taskId }, done.taskId);
    expect(finished).toMatchObject({ status: 'completed', result: { content: [{ type: 'text', text: '25' }] } });
  }, 30_000);
});
