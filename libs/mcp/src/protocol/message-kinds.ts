import type { InitializeRequest, JSONRPCNotification, JSONRPCRequest, JSONRPCResponse } from '@modelcontextprotocol/server';
import { isPlainObject } from './json-rpc-shape.js';

/*
 * What kind of JSON-RPC message a value is, by its members alone. For messages the inbound screen already accepted
 * (`screenMessage`), these agree with the SDK's own guards, which parse the whole message with its schema on every
 * call and cost a schema parse (several, when they fail) per message on the hot path.
 */

function isId(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

/** A request: a method and an id (a call awaiting its answer). */
export function isRequestMessage(value: unknown): value is JSONRPCRequest {
  return isPlainObject(value) && typeof value.method === 'string' && isId(value.id);
}

/** A notification: a method and no id. */
export function isNotificationMessage(value: unknown): value is JSONRPCNotification {
  return isPlainObject(value) && typeof value.method === 'string' && !('id' in value);
}

/** A response (a result or an error) to a request the server sent. */
export function isResponseMessage(value: unknown): value is JSONRPCResponse {
  return isPlainObject(value) && !('method' in value) && ('result' in value || 'error' in value) && isId(value.id);
}

/**
 * A client message that starts no work and may belong to a call running elsewhere: an answer to a request the server
 * sent, or `notifications/cancelled`.
 */
export function isAnswerOrCancellation(value: unknown): value is JSONRPCResponse | JSONRPCNotification {
  return isResponseMessage(value) || (isNotificationMessage(value) && value.method === 'notifications/cancelled');
}

/** The 2025 handshake's request (its params were checked by the inbound screen). */
export function isInitializeMessage(value: unknown): value is JSONRPCRequest & InitializeRequest {
  return isRequestMessage(value) && value.method === 'initialize';
}
