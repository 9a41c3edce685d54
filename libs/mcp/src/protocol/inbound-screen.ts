import { parseJSONRPCMessage, type JSONRPCMessage } from '@modelcontextprotocol/server';
import { MessageRejections, type MessageRejection } from './error-catalogue.js';
import { isPlainObject, messageShapeProblem, readableId } from './json-rpc-shape.js';
import { nestsDeeperThan } from './nesting-depth.js';

/** A refused message and the id its error reply carries. */
export interface InboundRejection {
  readonly id: string | number | null;
  readonly rejection: MessageRejection;
}

/** A JSON-RPC error reply; unlike the SDK's type, its id may be null (JSON-RPC: the id could not be read). */
export interface JsonRpcErrorReply {
  readonly jsonrpc: '2.0';
  readonly id: string | number | null;
  readonly error: { readonly code: number; readonly message: string };
}

/** What a stream transport (stdio, in memory) does with one inbound message. */
export type InboundVerdict =
  | { readonly deliver: JSONRPCMessage }
  | { readonly answer: JsonRpcErrorReply }
  /** A refused notification or response: JSON-RPC gives them no reply; the reason is for the log. */
  | { readonly ignore: string };

/** One parsed message: its depth first (before anything walks it recursively), then its JSON-RPC shape. */
export function screenMessage(message: unknown, maxDepth: number): InboundRejection | undefined {
  if (!isPlainObject(message)) return { id: null, rejection: MessageRejections.notAMessage };
  if (nestsDeeperThan(message, maxDepth)) return { id: readableId(message), rejection: MessageRejections.tooDeep(maxDepth) };
  const problem = messageShapeProblem(message);
  return problem && { id: readableId(message), rejection: problem };
}

/**
 * An HTTP body: one message or a batch, refused as a whole for its first refused message. Anything but a parsed
 * JSON object or array (no body, a body of another media type) is left to the transport, which knows those answers.
 */
export function screenBody(body: unknown, maxDepth: number): InboundRejection | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  for (const message of Array.isArray(body) ? body : [body]) {
    const refused = screenMessage(message, maxDepth);
    if (refused) return refused;
  }
  return undefined;
}

/** One line of a stdio stream: `-32700` with a null id when it is not JSON, otherwise as `screenStreamMessage`. */
export function screenLine(line: string, maxDepth: number): InboundVerdict {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return { answer: errorReply({ id: null, rejection: MessageRejections.notJson }) };
  }
  return screenStreamMessage(message, maxDepth);
}

/**
 * One message of a stream transport: delivered once the SDK's message schema accepts it too (as the SDK's own reader
 * requires), otherwise refused with a reply whenever JSON-RPC expects one; the SDK drops such messages unanswered.
 */
export function screenStreamMessage(message: unknown, maxDepth: number): InboundVerdict {
  const refused = screenMessage(message, maxDepth) ?? sdkSchemaRejection(message);
  if (!refused) return { deliver: message as JSONRPCMessage };
  return expectsAnswer(message) ? { answer: errorReply(refused) } : { ignore: refused.rejection.message };
}

export function errorReply({ id, rejection }: InboundRejection): JsonRpcErrorReply {
  return { jsonrpc: '2.0', id, error: { code: rejection.code, message: rejection.message } };
}

/** What the screen does not check by hand (responses mostly) is left to the SDK's schema, as its own reader does. */
function sdkSchemaRejection(message: unknown): InboundRejection | undefined {
  try {
    parseJSONRPCMessage(message);
    return undefined;
  } catch {
    return { id: readableId(message), rejection: MessageRejections.invalidRequest('not a valid JSON-RPC 2.0 message') };
  }
}

/** JSON-RPC answers requests, and messages too broken to tell what they are; never notifications or responses. */
function expectsAnswer(message: unknown): boolean {
  if (!isPlainObject(message)) return true;
  if ('method' in message) return 'id' in message;
  return !('result' in message || 'error' in message);
}
