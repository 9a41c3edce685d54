import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioTransportV2 } from '@modelcontextprotocol/client/stdio';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as StdioTransportV1 } from '@modelcontextprotocol/sdk/client/stdio.js';

/** `test/stdio/main.ts`, built by `npm run build` (build:fixtures): one tool reporting progress right up to its answer. */
const entry = resolve(process.cwd(), 'dist-stdio/main.js');
const CALLS = 1_000;
const STEPS = 3;

interface Run {
  progress: number;
  answered: number;
}

/**
 * The SDK clients dispatch a notification a microtask after a response read in the same chunk, and drop the progress
 * handler with the response: progress sharing a read with its response is reported as an unknown token. The server
 * holds such a response until the client has answered a ping written after the progress.
 */
describe('stdio: progress reported right before the answer reaches the SDK clients', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  async function callInALoop(call: (onprogress: () => void) => Promise<unknown>): Promise<Run> {
    const run: Run = { progress: 0, answered: 0 };
    for (let i = 0; i < CALLS; i++) {
      const result = (await call(() => run.progress++)) as { content?: { text?: string }[] };
      if (result.content?.[0]?.text === `counted to ${STEPS}`) run.answered++;
    }
    return run;
  }

  it('has been built', () => {
    expect(existsSync(entry)).toBe(true);
  });

  it(`v1 client: ${CALLS} calls, every progress callback, no client error`, async () => {
    const client = new ClientV1({ name: 'progress-v1', version: '1.0.0' });
    const errors: string[] = [];
    client.onerror = (error) => errors.push(error.message);
    await client.connect(new StdioTransportV1({ command: process.execPath, args: [entry], stderr: 'ignore' }));
    closers.push(() => client.close());
    const run = await callInALoop((onprogress) => client.callTool({ name: 'countUp', arguments: { steps: STEPS } }, undefined, { onprogress }));
    expect({ errors: errors.length, firstError: errors[0], progress: run.progress, answered: run.answered }).toEqual({
      errors: 0,
      firstError: undefined,
      progress: CALLS * STEPS,
      answered: CALLS,
    });
  });

  it(`v2 client: ${CALLS} calls, every progress callback, no client error`, async () => {
    const client = new ClientV2({ name: 'progress-v2', version: '1.0.0' });
    const errors: string[] = [];
    client.onerror = (error) => errors.push(error.message);
    await client.connect(new StdioTransportV2({ command: process.execPath, args: [entry], stderr: 'ignore' }));
    closers.push(() => client.close());
    const run = await callInALoop((onprogress) => client.callTool({ name: 'countUp', arguments: { steps: STEPS } }, { onprogress }));
    expect({ errors: errors.length, firstError: errors[0], progress: run.progress, answered: run.answered }).toEqual({
      errors: 0,
      firstError: undefined,
      progress: CALLS * STEPS,
      answered: CALLS,
    });
  });
});
