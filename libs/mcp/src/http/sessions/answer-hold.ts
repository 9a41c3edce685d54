import { setTimeout as sleep } from 'node:timers/promises';
import { StoreUnavailableError } from '../../errors/store-unavailable.error.js';
import { isAnswerOrCancellation } from '../../protocol/message-kinds.js';
import { messagesOf } from '../json-rpc-reply.js';

/** How long a POST of answers waits for the shared store to come back before it is refused with 503. */
const ANSWER_HOLD_MS = 5_000;
const RETRY_EVERY_MS = 100;

/**
 * Serves a POST, and when it carries only answers to server requests and cancellations (nothing that starts work)
 * and the shared store is unreachable, tries again until it is back or `ANSWER_HOLD_MS` passed: clients do not send an
 * answer again after a 503, so refusing it at once would lose it (a Redis restart takes about a second). Whatever
 * starts work is refused at once, for the client to retry.
 */
export async function holdingAnswers(body: unknown, serve: () => Promise<void>, holdMs = ANSWER_HOLD_MS): Promise<void> {
  const deadline = Date.now() + holdMs;
  for (;;) {
    try {
      return await serve();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || Date.now() + RETRY_EVERY_MS > deadline || !answersOnly(body)) throw error;
      await sleep(RETRY_EVERY_MS);
    }
  }
}

function answersOnly(body: unknown): boolean {
  const messages = messagesOf(body);
  return messages.length > 0 && messages.every(isAnswerOrCancellation);
}
