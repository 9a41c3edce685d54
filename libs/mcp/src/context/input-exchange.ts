import type { InputRequest } from '@modelcontextprotocol/server';
import { IntrinsicException } from '@nestjs/common';

/**
 * Thrown by `ctx.elicit()`, `ctx.sample()` and `ctx.listRoots()` on a 2026-07-28 request whose answer the client
 * has not given yet: the handler stops here and the call returns an input-required result. On the client's retry
 * the handler runs again and the same call finds its answer.
 */
export class InputRequiredSignal extends IntrinsicException {
  constructor(readonly key: string) {
    super(`Waiting for the client's answer to input request "${key}"`);
  }
}

/** Answers known so far (from earlier rounds and this retry) and the input requests this round still needs. */
export class InputExchange {
  readonly pending: Record<string, InputRequest> = {};
  private counter = 0;

  constructor(readonly responses: Readonly<Record<string, unknown>>) {}

  /** A key stable across rounds: the caller's own, or the kind and the call's position in the handler. */
  key(kind: string, given: string | undefined): string {
    this.counter++;
    return given ?? `${kind}-${this.counter}`;
  }

  /** The answer for `key` when it has the expected shape; otherwise the request is queued and the handler stops. */
  answer<T>(key: string, request: InputRequest, isAnswer: (value: unknown) => value is T): T {
    const response = this.responses[key];
    if (isAnswer(response)) return response;
    this.pending[key] = request;
    throw new InputRequiredSignal(key);
  }

  get needsInput(): boolean {
    return Object.keys(this.pending).length > 0;
  }
}
