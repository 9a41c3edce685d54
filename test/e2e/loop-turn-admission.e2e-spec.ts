import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { basicModule } from '../fixtures/basic.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { message, modernPost } from '../helpers/raw-http.js';

/**
 * The MCP endpoint starts at most a share of requests per event-loop turn and the rest in later turns (so a
 * saturated process still accepts new connections); a burst far above that share must be answered whole and right.
 */
describe('admission by event-loop turn', () => {
  let server: RunningApp;

  beforeAll(async () => {
    server = await startApp(basicModule());
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers every one of 300 calls sent at once, each with its own result', async () => {
    const responses = await Promise.all(Array.from({ length: 300 }, (_, index) => modernPost(server.url, 'tools/call', { name: 'add', arguments: { a: index, b: 1 } })));
    const texts = await Promise.all(responses.map(async (response) => (await message(response)).result.content[0].text));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(texts).toEqual(Array.from({ length: 300 }, (_, index) => String(index + 1)));
  });
});
