import { describe, expect, it } from '@jest/globals';
import { StoreUnavailableError } from '../../errors/store-unavailable.error.js';
import { holdingAnswers } from './answer-hold.js';

const answer = { jsonrpc: '2.0', id: 'a1b2c3d4-0', result: { action: 'accept' } };
const cancellation = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 3 } };
const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x' } };

/** A serve that fails with `error` its first `failures` times. */
function failing(failures: number, error: Error = new StoreUnavailableError(new Error('down'))) {
  let attempts = 0;
  const serve = async () => {
    attempts++;
    if (attempts <= failures) throw error;
  };
  return { serve, attempts: () => attempts };
}

describe('holdingAnswers', () => {
  it('tries a POST of answers and cancellations again while the store is unreachable, until it is back', async () => {
    for (const body of [answer, cancellation, [answer, cancellation]]) {
      const serve = failing(3);
      await holdingAnswers(body, serve.serve, 2_000);
      expect(serve.attempts()).toBe(4);
    }
  });

  it('refuses at once what starts work, an empty body, and errors other than an unreachable store', async () => {
    for (const body of [call, [answer, call], [], 'not json-rpc']) {
      const serve = failing(1);
      await expect(holdingAnswers(body, serve.serve, 2_000)).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(serve.attempts()).toBe(1);
    }
    const broken = failing(1, new Error('a bug'));
    await expect(holdingAnswers(answer, broken.serve, 2_000)).rejects.toThrow('a bug');
    expect(broken.attempts()).toBe(1);
  });

  it('gives up once the hold is over', async () => {
    const serve = failing(Number.POSITIVE_INFINITY);
    await expect(holdingAnswers(answer, serve.serve, 250)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(serve.attempts()).toBeGreaterThanOrEqual(2);
    expect(serve.attempts()).toBeLessThanOrEqual(4);
  });
});
