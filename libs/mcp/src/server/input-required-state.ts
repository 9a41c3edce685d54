import { randomBytes } from 'node:crypto';
import { createRequestStateCodec, type RequestStateCodec } from '@modelcontextprotocol/server';

/** What a 2026-07-28 input-required round carries in its signed `requestState`. */
export interface InputRoundState {
  /** The call it belongs to (`tools/call:name`), so state cannot be replayed against another component. */
  target: string;
  /** Answers gathered in earlier rounds, by input-request key. */
  responses: Record<string, unknown>;
}

export interface InputRequiredStateOptions {
  /** HMAC key (≥ 32 bytes) shared by every instance that may receive a retry. Default: random per process. */
  stateSecret?: string | Uint8Array;
  /** How long a round's state stays valid. Default 600 s. */
  stateTtlSeconds?: number;
}

export const MCP_INPUT_STATE_CODEC = Symbol('MCP_INPUT_STATE_CODEC');

export function createInputStateCodec(options: InputRequiredStateOptions = {}): RequestStateCodec<InputRoundState> {
  return createRequestStateCodec<InputRoundState>({
    key: options.stateSecret ?? randomBytes(32),
    ttlSeconds: options.stateTtlSeconds ?? 600,
  });
}
