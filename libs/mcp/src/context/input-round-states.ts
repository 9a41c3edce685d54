import { createRequestStateCodec, type RequestStateCodec, type ServerContext } from '@modelcontextprotocol/server';
import { Inject, Injectable } from '@nestjs/common';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import { principalOf } from '../session/principal.js';

/** What a 2026-07-28 input-required round carries in its signed `requestState`. */
export interface InputRoundState {
  /**
   * The call it belongs to (`tools/call:name#<digest of the arguments>`), so state cannot be replayed against another
   * component or other arguments.
   */
  target: string;
  /** Answers gathered in earlier rounds, by input-request key. */
  responses: Record<string, unknown>;
}

/**
 * Signs and verifies the `requestState` of input-required rounds (HMAC, `inputRequired` module options). The state is
 * bound to the principal of the request that minted it (as a keyed tag, never in clear): another caller's retry with
 * it is refused.
 */
@Injectable()
export class InputRoundStates {
  private readonly codec: RequestStateCodec<InputRoundState>;

  constructor(@Inject(MCP_OPTIONS) options: Pick<McpResolvedOptions, 'inputRequired'>) {
    const { stateSecret, stateTtlSeconds } = options.inputRequired;
    this.codec = createRequestStateCodec<InputRoundState>({
      key: stateSecret,
      ttlSeconds: stateTtlSeconds,
      bind: (ctx) => principalOf(ctx.http?.authInfo) ?? '',
    });
  }

  mint(state: InputRoundState, ctx: ServerContext): Promise<string> {
    return this.codec.mint(state, ctx);
  }

  /** The SDK's `requestState.verify` hook: runs before a handler reads `ctx.mcpReq.requestState()`. */
  verify(state: string, ctx: ServerContext): ReturnType<RequestStateCodec<InputRoundState>['verify']> {
    return this.codec.verify(state, ctx);
  }
}
