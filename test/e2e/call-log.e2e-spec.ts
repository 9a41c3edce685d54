import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { McpCallLogOptions } from 'nestjs-mcp';
import { callLogModule, CapturingLogger } from '../fixtures/call-log.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, type ClientKind } from '../helpers/clients.js';

const ALICE = { authorization: 'Bearer secret-token-of-alice' };

async function serve(callLog: boolean | McpCallLogOptions | undefined): Promise<{ server: RunningApp; logs: CapturingLogger }> {
  const logs = new CapturingLogger();
  const server = await startApp(callLogModule(callLog), { configure: (app) => app.useLogger(logs) });
  return { server, logs };
}

/** What a client call rejected with, or undefined. */
function failureOf(promise: Promise<unknown>): Promise<{ code?: number } | undefined> {
  return promise.then(
    () => undefined,
    (error: { code?: number }) => error,
  );
}

describe('Call log (McpModule.forRoot({ callLog }))', () => {
  describe.each(['v2-legacy', 'v2-modern'] as ClientKind[])('with defaults, over HTTP with the %s client', (kind) => {
    let server: RunningApp;
    let logs: CapturingLogger;
    const era = kind === 'v2-modern' ? 'modern' : 'legacy';

    beforeAll(async () => {
      ({ server, logs } = await serve(true));
    });

    afterAll(async () => {
      await server.close();
    });

    afterEach(() => logs.clear());

    it('logs one structured line per request: method, component, duration, outcome, principal, session, request id', async () => {
      const client = await connect(kind, server.url, { headers: ALICE });
      try {
        logs.clear();
        await client.listTools();
        await client.callTool('echo', { text: 'hi', password: 'hunter2' });
        await client.readResource('notes://7');
        await client.getPrompt('greet', { name: 'Ada' });
      } finally {
        await client.close();
      }
      const lines = logs.lines();
      expect(lines.map((line) => line.method)).toEqual(['tools/list', 'tools/call', 'resources/read', 'prompts/get']);
      const sessionId = client.sessionId();
      for (const line of lines) {
        expect(line).toMatchObject({ type: 'request', outcome: 'ok', level: 'log', principal: 'alice', era, transport: 'http' });
        expect(typeof line.durationMs).toBe('number');
        expect(line.requestId).toBeDefined();
        if (era === 'legacy') expect(line.sessionId).toBe(sessionId);
        else expect(line).not.toHaveProperty('sessionId');
        expect(line).not.toHaveProperty('arguments');
        expect(line).not.toHaveProperty('result');
      }
      expect(lines[1]).toMatchObject({ name: 'echo' });
      expect(lines[2]).toMatchObject({ uri: 'notes://7' });
      expect(lines[3]).toMatchObject({ name: 'greet' });
      const everything = JSON.stringify(logs.captured.map((entry) => entry.message)) + logs.captured.map((entry) => inspect(entry.message)).join('\n');
      expect(everything).not.toContain('secret-token-of-alice');
      expect(everything).not.toContain('hunter2');
    });

    it("reads as one line in Nest's ConsoleLogger", async () => {
      const client = await connect(kind, server.url, { headers: ALICE });
      try {
        logs.clear();
        await client.callTool('echo', { text: 'hi' });
      } finally {
        await client.close();
      }
      const entry = logs.captured.find((captured) => captured.context === 'McpCall')!;
      const printed = inspect(entry.message);
      expect(printed).toMatch(new RegExp(`^tools/call echo ok [\\d.]+ms principal=alice .*request=\\d+ ${era}/http$`));
      expect(printed).toBe((entry.message as { msg: string }).msg);
      expect(String(entry.message)).toBe(printed);
    });

    it('logs tool errors and client errors at warn, internal errors at error, with the code sent', async () => {
      const client = await connect(kind, server.url);
      try {
        logs.clear();
        expect((await client.callTool('refuse', {})).isError).toBe(true);
        expect((await client.callTool('buggy', {})).content[0].text).toBe('Internal error');
        expect((await failureOf(client.callTool('strict', {})))?.code).toBe(-32602);
        expect((await failureOf(client.readResource('broken://always')))?.code).toBe(-32603);
        expect(await failureOf(client.readResource('nowhere://x'))).toBeDefined();
      } finally {
        await client.close();
      }
      const lines = logs.lines();
      expect(lines.map(({ method, name, uri, outcome, code, level }) => ({ method, name, uri, outcome, code, level }))).toEqual([
        { method: 'tools/call', name: 'refuse', uri: undefined, outcome: 'tool_error', code: undefined, level: 'warn' },
        { method: 'tools/call', name: 'buggy', uri: undefined, outcome: 'tool_error', code: undefined, level: 'warn' },
        { method: 'tools/call', name: 'strict', uri: undefined, outcome: 'error', code: -32602, level: 'warn' },
        { method: 'resources/read', name: undefined, uri: 'broken://always', outcome: 'error', code: -32603, level: 'error' },
        { method: 'resources/read', name: undefined, uri: 'nowhere://x', outcome: 'error', code: lines[4].code, level: 'warn' },
      ]);
      expect(lines[2].error).toBe('strict says no');
      expect(lines[3].error).toBe('Internal error');
      expect(lines.every((line) => line.principal === undefined)).toBe(true);
    });
  });

  describe.each(['v2-legacy', 'v2-modern'] as ClientKind[])('with arguments and results, over HTTP with the %s client', (kind) => {
    it('logs them with secret-looking keys redacted and long values cut', async () => {
      const { server, logs } = await serve({ logArguments: true, logResults: true, maxValueLength: 200 });
      try {
        const client = await connect(kind, server.url, { headers: ALICE });
        try {
          logs.clear();
          await client.callTool('echo', { text: 'hi', password: 'hunter2' });
          await client.callTool('echo', { text: 'x'.repeat(500) });
        } finally {
          await client.close();
        }
        const [short, long] = logs.lines().filter((line) => line.method === 'tools/call');
        expect(short.arguments).toEqual({ text: 'hi', password: '[redacted]' });
        expect(short.result).toMatchObject({ content: [{ type: 'text', text: 'hi' }] });
        expect(typeof long.arguments).toBe('string');
        expect((long.arguments as string).length).toBeLessThan(260);
        expect(long.arguments).toMatch(/… \(\d+ characters\)$/);
        expect(JSON.stringify(logs.captured.map((entry) => entry.message))).not.toContain('hunter2');
      } finally {
        await server.close();
      }
    });
  });

  it('redacts the keys the app names instead of the defaults', async () => {
    const { server, logs } = await serve({ logArguments: true, redactKeys: ['text'] });
    try {
      const client = await connect('v2-modern', server.url);
      try {
        logs.clear();
        await client.callTool('echo', { text: 'private words', password: 'shown' });
      } finally {
        await client.close();
      }
      expect(logs.lines().find((line) => line.method === 'tools/call')?.arguments).toEqual({ text: '[redacted]', password: 'shown' });
    } finally {
      await server.close();
    }
  });

  it('logs client notifications when asked, skips ignored methods, and uses the given context and level', async () => {
    const { server, logs } = await serve({ notifications: true, ignoreMethods: ['tools/list'], context: 'Audit', level: 'debug' });
    try {
      const client = await connect('v2-legacy', server.url);
      try {
        await client.listTools();
        await client.callTool('echo', { text: 'hi' });
      } finally {
        await client.close();
      }
      const lines = logs.lines('Audit');
      expect(lines.map((line) => line.method)).toEqual(['initialize', 'notifications/initialized', 'tools/call']);
      expect(lines[1]).toMatchObject({ type: 'notification', outcome: 'ok', level: 'debug' });
      expect(lines[2]).toMatchObject({ level: 'debug', name: 'echo' });
      expect(logs.lines('McpCall')).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('logs nothing when off', async () => {
    const { server, logs } = await serve(undefined);
    try {
      logs.clear();
      const client = await connect('v2-legacy', server.url, { headers: ALICE });
      try {
        await client.listTools();
        await client.callTool('echo', { text: 'hi' });
        await client.callTool('refuse', {});
      } finally {
        await client.close();
      }
      expect(logs.captured).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
