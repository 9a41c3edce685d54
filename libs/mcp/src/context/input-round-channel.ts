import { inputRequired, type InputRequest, type InputRequiredResult, type ServerContext } from '@modelcontextprotocol/server';
import { IntrinsicException } from '@nestjs/common';
import { McpError } from '../errors/mcp-error.js';
import type { ClientChannel, ClientQuestion } from './client-channel.js';
import type { InputRoundState, InputRoundStates } from './input-round-states.js';

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

/**
 * 2026-07-28 calls that may ask (tools, prompts, resources, tasks): a question is answered from what the client sent
 * (earlier rounds' verified state plus this retry's answers), or stops the handler and becomes an input request of
 * the round the call ends with.
 */
export class InputRoundChannel implements ClientChannel {
  private readonly pending: Record<string, InputRequest> = {};
  private asked = 0;

  constructor(
    private readonly responses: Readonly<Record<string, unknown>>,
    /** The call the round belongs to; its state is valid for the same call only. */
    private readonly target: () => string,
    private readonly states: InputRoundStates,
    /** The request the round's state is minted for (and bound to its principal). */
    private readonly sdk: ServerContext,
  ) {}

  /** The answers a request brings: its verified `requestState` (which must be for the same call) and `inputResponses`. */
  static forRequest(sdk: ServerContext, target: () => string, states: InputRoundStates): InputRoundChannel {
    const state = sdk.mcpReq.requestState<InputRoundState>();
    if (state !== undefined && (typeof state !== 'object' || state.target !== target())) {
      throw McpError.invalidParams('Invalid or expired requestState');
    }
    return new InputRoundChannel({ ...state?.responses, ...sdk.mcpReq.inputResponses }, target, states, sdk);
  }

  async ask<T>(question: ClientQuestion<T>): Promise<T> {
    // Stable across rounds: the caller's own key, or the kind and the question's position in the handler.
    this.asked++;
    const key = question.key ?? `${question.kind}-${this.asked}`;
    const response = this.responses[key];
    if (question.isAnswer(response)) return response;
    this.pending[key] = question.request;
    throw new InputRequiredSignal(key);
  }

  urlElicitationId(): undefined {
    return undefined;
  }

  openQuestions(): Promise<InputRequiredResult> | undefined {
    if (Object.keys(this.pending).length === 0) return undefined;
    return this.states
      .mint({ target: this.target(), responses: { ...this.responses } }, this.sdk)
      .then((requestState) => inputRequired({ inputRequests: this.pending, requestState }));
  }
}
