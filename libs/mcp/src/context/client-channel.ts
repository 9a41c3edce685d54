import type { InputRequest, InputRequiredResult } from '@modelcontextprotocol/server';

/** One thing a handler asks the client (`ctx.sample()`, `ctx.elicit()`, `ctx.elicitUrl()`, `ctx.listRoots()`). */
export interface ClientQuestion<T> {
  kind: 'sample' | 'elicit' | 'roots';
  /** The caller's name for it in 2026-07-28 input rounds (`McpInputOptions.key`). */
  key: string | undefined;
  /** For messages: `sampling`, `elicitation`, ... */
  feature: string;
  /** For messages: the client capability it needs (`elicitation.url`). */
  capability: string;
  /** Whether the client declared that capability. */
  declared: boolean;
  request: InputRequest;
  isAnswer(value: unknown): value is T;
}

/**
 * How a call's handler reaches the client for input, chosen once per call by the server's era: a server-to-client
 * request on the call's own stream (2025 sessions), an input-required round (2026-07-28 calls that may ask), or
 * nothing (2026-07-28 calls that may not).
 */
export interface ClientChannel {
  ask<T>(question: ClientQuestion<T>): Promise<T>;
  /** An id correlating a URL elicitation with its completion notice, where the era has them (2025). */
  urlElicitationId(): string | undefined;
  /**
   * The input-required result the call must end with, when its handler left questions open (2026-07-28); undefined,
   * without a promise, when nothing is open, so a call that asked nothing does not wait for it.
   */
  openQuestions(): Promise<InputRequiredResult> | undefined;
}
