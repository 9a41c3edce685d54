import type { InitializeRequest, JSONRPCNotification, JSONRPCRequest, JSONRPCResponse } from '@modelcontextprotocol/server';

/*
 * What kind of JSON-RPC message a value is, by its members alone. For messages the inbound screen already accepted
 * (`screenMessage`), these agree with the SDK's own guards, which parse the whole message with its schema on every
 * call and cost a schema parse (several, when they fail) per message on the hot path.
 */

type Members = Readonly<Record<string, unknown>>;

function isMembers(value: unknown): value is Members {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}

/** A request: a method and an id (a call awaiting its answer). */
export function isRequestMessage(value: unknown): value is JSONRPCRequest {
  return isMembers(value) && typeof value.method === 'string' && isId(value.id);
}

/** A notification: a method and no id. */
export function isNotificationMessage(value: unknown): value is JSONRPCNotification {
  return isMembers(value) && typeof value.method === 'string' && !('id' in value);
}

/** A response (a result or an error) to a request the server sent. */
export function isResponseMessage(value: unknown): value is JSONRPCResponse {
  return isMembers(value) && !('method' in value) && ('result' in value || 'error' in value) && isId(value.id);
}

/** The 2025 handshake's request (its params were checked by the inbound screen). */
export function isInitializeMessage(value: unknown): value is JSONRPCRequest & InitializeRequest {
  return isRequestMessage(value) && value.method === 'initialize';
}
