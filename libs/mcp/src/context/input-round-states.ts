import { createRequestStateCodec, type RequestStateCodec, type ServerContext } from '@modelcontextprotocol/server';
import { Inject, Injectable } from '@nestjs/common';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';

/** What a 2026-07-28 input-required round carries in its signed `requestState`. */
export interface InputRoundState {
  /** The call it belongs to (`tools/call:name`), so state cannot be replayed against another component. */
  target: string;
  /** Answers gathered in earlier rounds, by input-request key. */
  responses: Record<string, unknown>;
}

/** Signs and verifies the `requestState` of input-required rounds (HMAC, `inputRequired` module options). */
@Injectable()
export class InputRoundStates {
  private readonly codec: RequestStateCodec<InputRoundState>;

  constructor(@Inject(MCP_OPTIONS) options: Pick<McpResolvedOptions, 'inputRequired'>) {
    const { stateSecret, stateTtlSeconds } = options.inputRequired;
    this.codec = createRequestStateCodec<InputRoundState>({ key: stateSecret, ttlSeconds: stateTtlSeconds });
  }

  mint(state: InputRoundState): Promise<string> {
    return this.codec.mint(state);
  }

  /** The SDK's `requestState.verify` hook: runs before a handler reads `ctx.mcpReq.requestState()`. */
  verify(state: string, ctx: ServerContext): ReturnType<RequestStateCodec<InputRoundState>['verify']> {
    return this.codec.verify(state, ctx);
  }
}
