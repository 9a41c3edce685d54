import { isInputRequiredResult } from '@modelcontextprotocol/server';
import type { Attributes } from '@opentelemetry/api';
import { isToolErrorResult } from '../errors/tool-error-result.js';
import { ATTR, TOOL_ERROR } from './semconv.js';

/** How a message failed, as the conventions record it; undefined when it succeeded. */
export interface MessageFailure {
  readonly attributes: Attributes;
  /** The span status description: the JSON-RPC error's message. */
  readonly description: string | undefined;
}

/** The SDK answers an error without a JSON-RPC code as an internal error. */
export const INTERNAL_ERROR = '-32603';

/** A tool result with `isError: true` is a failure of type `tool_error` (the request itself succeeded). */
export function failureOfResult(method: string, result: unknown): MessageFailure | undefined {
  if (method !== 'tools/call' || !isToolErrorResult(result)) return undefined;
  return { attributes: { [ATTR.ERROR_TYPE]: TOOL_ERROR }, description: undefined };
}

/** A JSON-RPC error: its code as `error.type` and `rpc.response.status_code`; other exceptions by their class. */
export function failureOfError(error: unknown): MessageFailure {
  const code = (error as { code?: unknown } | undefined)?.code;
  const description = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
  if (typeof code === 'number' && Number.isInteger(code)) {
    return { attributes: { [ATTR.ERROR_TYPE]: String(code), [ATTR.RPC_RESPONSE_STATUS_CODE]: String(code) }, description };
  }
  const type = (error as object | undefined)?.constructor?.name || '_OTHER';
  return { attributes: { [ATTR.ERROR_TYPE]: type, [ATTR.RPC_RESPONSE_STATUS_CODE]: INTERNAL_ERROR }, description };
}

/** The methods a 2026-07-28 input-required result asks the client, for the span's event; undefined otherwise. */
export function inputRequestMethods(result: unknown): string[] | undefined {
  if (!isInputRequiredResult(result)) return undefined;
  const requests = (result as { inputRequests?: Record<string, { method?: unknown }> }).inputRequests ?? {};
  return Object.values(requests).map((request) => (typeof request?.method === 'string' ? request.method : 'unknown'));
}
