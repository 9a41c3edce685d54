import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { resultLimitModule } from '../fixtures/result-limit.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, type AnyClient, type ClientKind } from '../helpers/clients.js';

const ERAS: ClientKind[] = ['v2-legacy', 'v2-modern'];

/** What a client call rejected with, or undefined. */
function failureOf(promise: Promise<unknown>): Promise<{ code?: number; message: string } | undefined> {
  return promise.then(
    () => undefined,
    (error: { code?: number; message: string }) => error,
  );
}

/** The bytes of a result's JSON, as the limit measures it (without what the client library adds). */
function bytesOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

describe.each(ERAS)('Result size limit over HTTP with the %s client', (kind) => {
  describe("resultLimit: { maxBytes: 1000 } (overflow 'refuse')", () => {
    let server: RunningApp;
    let client: AnyClient;

    beforeAll(async () => {
      server = await startApp(resultLimitModule({ maxBytes: 1000 }));
      client = await connect(kind, server.url);
    });

    afterAll(async () => {
      await client.close();
      await server.close();
    });

    it('passes results within the limit untouched', async () => {
      const result = await client.callTool('letters', { size: 900 });
      expect(result.isError).toBeFalsy();
      expect(result.content).toEqual([{ type: 'text', text: 'a'.repeat(900) }]);
    });

    it('answers a tool over the limit with an isError result saying how large it was', async () => {
      const result = await client.callTool('letters', { size: 5_200_000 });
      expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Result of tool "letters" is 5.2 MB, over the 1 KB limit' }] });
    });

    it('answers a resource or a prompt over the limit with a JSON-RPC error', async () => {
      const read = await failureOf(client.readResource('text://2000'));
      expect(read?.code).toBe(-32603);
      expect(read?.message).toContain('Result of resource "text://2000" is 2 KB, over the 1 KB limit');
      const prompt = await failureOf(client.getPrompt('long', { size: '3000' }));
      expect(prompt?.code).toBe(-32603);
      expect(prompt?.message).toContain('Result of prompt "long" is 3.1 KB, over the 1 KB limit');
      expect((await client.readResource('text://100')).contents[0].text).toBe('b'.repeat(100));
    });

    it('lets @MaxResultSize() on a method override the global limit', async () => {
      expect((await client.callTool('unbounded', { size: 50_000 })).content[0].text).toHaveLength(50_000);
      const tight = await client.callTool('tight', { size: 900 });
      expect(tight.isError).toBeFalsy();
      expect(tight.content.at(-1).text).toMatch(/^\[Truncated: the result of tool "tight" was 9\d\d bytes, over the 300 bytes limit\]$/);
      expect(bytesOf({ content: tight.content })).toBeLessThanOrEqual(300);
    });
  });

  describe("resultLimit: { maxBytes: 1000, overflow: 'truncate' }", () => {
    let server: RunningApp;
    let client: AnyClient;

    beforeAll(async () => {
      server = await startApp(resultLimitModule({ maxBytes: 1000, overflow: 'truncate' }));
      client = await connect(kind, server.url);
    });

    afterAll(async () => {
      await client.close();
      await server.close();
    });

    it('cuts a tool text to fit and appends a notice', async () => {
      const result = await client.callTool('letters', { size: 5000 });
      expect(result.isError).toBeFalsy();
      const [text, notice] = result.content;
      expect(text.text).toMatch(/^a+$/);
      expect(text.text.length).toBeGreaterThan(800);
      expect(notice).toEqual({ type: 'text', text: '[Truncated: the result of tool "letters" was 5 KB, over the 1 KB limit]' });
      expect(bytesOf({ content: result.content })).toBeLessThanOrEqual(1000);
    });

    it('never splits a character', async () => {
      const result = await client.callTool('accents', { size: 3000 });
      expect(result.content[0].text).toMatch(/^é+$/);
      expect(bytesOf({ content: result.content })).toBeLessThanOrEqual(1000);
    });

    it('keeps whole blocks while they fit, cuts the next, drops the rest', async () => {
      const fitting = await client.callTool('blocks', { size: 300 });
      expect(fitting.content.map((block: { text: string }) => block.text)).toEqual(['x'.repeat(300), 'y'.repeat(300), 'z'.repeat(300)]);
      const result = await client.callTool('blocks', { size: 600 });
      expect(result.content.map((block: { text: string }) => block.text[0])).toEqual(['x', 'y', '[']);
      expect(result.content[0].text).toHaveLength(600);
      expect(result.content[1].text.length).toBeLessThan(600);
      expect(bytesOf({ content: result.content })).toBeLessThanOrEqual(1000);
    });

    it('refuses structured content, which cannot be cut', async () => {
      const result = await client.callTool('report', { size: 2000 });
      expect(result).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/^Result of tool "report" is 4\.\d KB, over the 1 KB limit$/) }] });
      expect(result.structuredContent).toBeUndefined();
    });

    it('cuts a resource text with the notice at its end, and refuses a blob', async () => {
      const read = await client.readResource('text://4000');
      const content = read.contents[0];
      expect(content.uri).toBe('text://4000');
      expect(content.text).toMatch(/^b{500,}\n\[Truncated: the result of resource "text:\/\/4000" was 4(\.\d)? KB, over the 1 KB limit\]$/);
      expect(bytesOf({ contents: read.contents })).toBeLessThanOrEqual(1000);
      const blob = await failureOf(client.readResource('blob://5000'));
      expect(blob?.code).toBe(-32603);
      expect(blob?.message).toContain('Result of resource "blob://5000" is 6.8 KB, over the 1 KB limit');
    });

    it('refuses a prompt (a cut prompt would change its meaning)', async () => {
      expect((await failureOf(client.getPrompt('long', { size: '3000' })))?.message).toContain('Result of prompt "long" is');
    });
  });

  describe('no global limit', () => {
    let server: RunningApp;
    let client: AnyClient;

    beforeAll(async () => {
      server = await startApp(resultLimitModule());
      client = await connect(kind, server.url);
    });

    afterAll(async () => {
      await client.close();
      await server.close();
    });

    it('bounds only what @MaxResultSize() marks, on the class or the method', async () => {
      expect((await client.callTool('classBound', { size: 1000 })).content[0].text).toBe('Result of tool "classBound" is 1 KB, over the 300 bytes limit');
      expect((await client.callTool('classBound', { size: 100 })).content[0].text).toBe('c'.repeat(100));
      expect((await client.callTool('letters', { size: 100_000 })).content[0].text).toHaveLength(100_000);
      expect((await client.callTool('tight', { size: 900 })).content.at(-1).text).toMatch(/^\[Truncated/);
    });
  });
});
