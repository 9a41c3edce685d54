import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SpecFeaturesModule } from '../fixtures/spec-features.fixture.js';
import { startApp, type RunningApp } from '../helpers/app.js';
import { connect, type AnyClient } from '../helpers/clients.js';
import { ACCEPT_BOTH, openSession, post, sessionHeaders } from '../helpers/raw-http.js';
import { readEvents } from '../helpers/sse.js';
import { waitFor } from '../helpers/wait.js';

describe('completions, subscriptions and resumable streams', () => {
  let server: RunningApp;
  let client: AnyClient;

  beforeAll(async () => {
    server = await startApp(SpecFeaturesModule);
    client = await connect('v2-legacy', server.url);
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('completes enum prompt arguments by themselves', async () => {
    const result = await client.raw.complete({ ref: { type: 'ref/prompt', name: 'trip' }, argument: { name: 'mode', value: 'p' } });
    expect(result.completion.values).toEqual(['plane']);
  });

  it('completes through a @Complete method, with the earlier arguments as context', async () => {
    const prompt = await client.raw.complete({ ref: { type: 'ref/prompt', name: 'trip' }, argument: { name: 'city', value: 'l' } });
    expect(prompt.completion.values).toEqual(['Lyon', 'Lille']);
    const template = await client.raw.complete({
      ref: { type: 'ref/resource', uri: 'atlas://{country}/{city}' },
      argument: { name: 'city', value: 'B' },
      context: { arguments: { country: 'de' } },
    });
    expect(template.completion).toEqual({ values: ['Berlin', 'Bonn'], total: 2 });
  });

  it('answers completions for unknown prompts with a protocol error', async () => {
    await expect(client.raw.complete({ ref: { type: 'ref/prompt', name: 'nope' }, argument: { name: 'x', value: '' } })).rejects.toThrow(/Unknown prompt/);
  });

  it('sends resources/updated to subscribers only, until they unsubscribe', async () => {
    const subscriber = await connect('v1', server.url);
    const updates: string[] = [];
    const { ResourceUpdatedNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js');
    subscriber.raw.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification: { params: { uri: string } }) => {
      updates.push(notification.params.uri);
    });
    const bystander: string[] = [];
    client.raw.setNotificationHandler('notifications/resources/updated', (notification: { params: { uri: string } }) => {
      bystander.push(notification.params.uri);
    });
    await subscriber.raw.subscribeResource({ uri: 'feed://latest' });
    await client.callTool('bump', {});
    await waitFor(() => updates.length === 1);
    expect(updates).toEqual(['feed://latest']);
    await subscriber.raw.unsubscribeResource({ uri: 'feed://latest' });
    await client.callTool('bump', {});
    expect((await subscriber.readResource('feed://latest')).contents[0].text).toBe('version 3');
    expect(updates).toHaveLength(1);
    expect(bystander).toEqual([]);
    await subscriber.close();
  });

  it('primes the stream, closes it mid-call with a retry hint, and replays the result on GET with Last-Event-ID (SEP-1699)', async () => {
    const sessionId = await openSession(server.url);
    const headers = sessionHeaders(sessionId);
    const call = await post(server.url, { jsonrpc: '2.0', id: 77, method: 'tools/call', params: { name: 'pollMe', arguments: {} } }, headers);
    expect(call.headers.get('content-type')).toMatch(/text\/event-stream/);
    const first = await readEvents(call);
    expect(first[0]).toMatchObject({ id: expect.any(String), data: '' });
    expect(first.some((event) => event.retry === 250)).toBe(true);
    expect(first.some((event) => event.data.includes('"id":77'))).toBe(false);
    const lastEventId = [...first].reverse().find((event) => event.id)!.id!;

    const resumed = await fetch(server.url, { headers: { ...headers, accept: ACCEPT_BOTH.split(', ')[1], 'last-event-id': lastEventId } });
    expect(resumed.status).toBe(200);
    const replayed = await readEvents(resumed, (events) => events.some((event) => event.data.includes('"id":77')));
    const result = JSON.parse(replayed.find((event) => event.data.includes('"id":77'))!.data);
    expect(result.result.content[0].text).toBe('finished after the stream closed');
  });

  it('never replays another stream’s events', async () => {
    const sessionId = await openSession(server.url);
    const headers = sessionHeaders(sessionId);
    const call = await post(server.url, { jsonrpc: '2.0', id: 78, method: 'tools/call', params: { name: 'pollMe', arguments: {} } }, headers);
    const events = await readEvents(call);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const otherSession = await openSession(server.url);
    const foreign = await fetch(server.url, {
      headers: { ...sessionHeaders(otherSession), accept: 'text/event-stream', 'last-event-id': events[0].id! },
    });
    const replayed = foreign.ok ? await readEvents(foreign, () => false, 600) : [];
    expect(replayed.some((event) => event.data.includes('"id":78'))).toBe(false);
    const own = await fetch(server.url, { headers: { ...headers, accept: 'text/event-stream', 'last-event-id': events[0].id! } });
    const mine = await readEvents(own, (seen) => seen.some((event) => event.data.includes('"id":78')));
    expect(mine.some((event) => event.data.includes('"id":78'))).toBe(true);
  });
});
