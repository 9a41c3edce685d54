import { PROTOCOL_VERSION_META_KEY, RELATED_TASK_META_KEY, specTypeSchemas } from '@modelcontextprotocol/server';
import { MessageRejections, type MessageRejection } from './error-catalogue.js';
import { describeIssues, type SchemaIssue } from './schema-issues.js';

const REQUEST_MEMBERS: ReadonlySet<string> = new Set(['jsonrpc', 'id', 'method', 'params']);

/**
 * Why a JSON-RPC message object cannot be served as a request or notification, in words a client developer can act
 * on; undefined when it can, and for responses (the SDK checks those against the request they answer). Covers what
 * the SDK's message schema would reject without a reply (its failures are dropped on stdio and in memory, and
 * answered `-32700` without the id over HTTP), plus `initialize`, whose params decide whether a session opens.
 */
export function messageShapeProblem(message: Readonly<Record<string, unknown>>): MessageRejection | undefined {
  if (message.jsonrpc !== '2.0') return MessageRejections.invalidRequest('jsonrpc must be "2.0"');
  if (!('method' in message) && ('result' in message || 'error' in message)) return undefined;
  if (typeof message.method !== 'string') return MessageRejections.invalidRequest('method must be a string');
  if ('id' in message && !isRequestId(message.id)) return MessageRejections.invalidRequest('id must be a string or an integer');
  const unexpected = Object.keys(message).find((member) => !REQUEST_MEMBERS.has(member));
  if (unexpected !== undefined) return MessageRejections.invalidRequest(`unexpected member "${unexpected}"`);
  return paramsProblem(message.method, message.params);
}

/** The message's id when a reply can carry it (JSON-RPC: null when it cannot be read). */
export function readableId(message: unknown): string | number | null {
  if (typeof message !== 'object' || message === null) return null;
  const { id } = message as { id?: unknown };
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function paramsProblem(method: string, params: unknown): MessageRejection | undefined {
  const problem = params === undefined ? undefined : structureProblem(method, params);
  return problem ?? (method === 'initialize' && !claimsModernEnvelope(params) ? initializeProblem(params) : undefined);
}

function structureProblem(method: string, params: unknown): MessageRejection | undefined {
  // JSON-RPC itself requires structured params; an array is valid JSON-RPC but not MCP.
  if (typeof params !== 'object' || params === null) return MessageRejections.invalidRequest('params must be an object');
  if (Array.isArray(params)) return MessageRejections.invalidParams(method, 'params must be an object, not an array');
  const meta = (params as { _meta?: unknown })._meta;
  if (meta === undefined) return undefined;
  if (!isPlainObject(meta)) return MessageRejections.invalidParams(method, '_meta must be an object');
  if (meta.progressToken !== undefined && !isRequestId(meta.progressToken)) {
    return MessageRejections.invalidParams(method, '_meta.progressToken must be a string or an integer');
  }
  const relatedTask = meta[RELATED_TASK_META_KEY];
  if (relatedTask !== undefined && !(isPlainObject(relatedTask) && typeof relatedTask.taskId === 'string')) {
    return MessageRejections.invalidParams(method, `_meta["${RELATED_TASK_META_KEY}"].taskId must be a string`);
  }
  return undefined;
}

/** A 2026-07-28 request names its revision in `_meta`; there `initialize` does not exist (the SDK answers -32601). */
function claimsModernEnvelope(params: unknown): boolean {
  const meta = (params as { _meta?: Record<string, unknown> } | undefined)?._meta;
  return meta !== undefined && PROTOCOL_VERSION_META_KEY in meta;
}

/** `initialize` is checked here because over HTTP a valid one is what opens a session (2025 handshake only). */
function initializeProblem(params: unknown): MessageRejection | undefined {
  const outcome = specTypeSchemas.InitializeRequestParams['~standard'].validate(params);
  if (outcome instanceof Promise || !outcome.issues) return undefined;
  return MessageRejections.invalidParams('initialize', describeIssues(outcome.issues as readonly SchemaIssue[]));
}

function isRequestId(value: unknown): boolean {
  return typeof value === 'string' || Number.isSafeInteger(value);
}
