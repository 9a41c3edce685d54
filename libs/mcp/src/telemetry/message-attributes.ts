import type { Attributes } from '@opentelemetry/api';
import type { McpMessage } from '../pipeline/mcp-message.js';
import { ATTR, EXECUTE_TOOL, OTHER } from './semconv.js';

/** Client notifications the spec defines; any other method a client sends is recorded as `_OTHER`. */
const CLIENT_NOTIFICATIONS = new Set([
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'notifications/roots/list_changed',
  'notifications/tasks/status',
  'notifications/elicitation/complete',
]);

const RESOURCE_METHODS = new Set(['resources/read', 'resources/subscribe', 'resources/unsubscribe']);
/** Names and URIs a client chose, recorded on spans, are cut at this length. */
const MAX_CLIENT_STRING = 1024;

/** A message's span name and the attributes its span and its duration metric start with. */
export interface MessageDescription {
  readonly spanName: string;
  readonly span: Attributes;
  readonly metric: Attributes;
}

/**
 * Names a message as the conventions ask (`{method} {tool or prompt}`), with low-cardinality values only in span
 * names and metrics: a tool or prompt the server does not have is named on the span's attributes, not in its name.
 */
export function describeMessage(message: McpMessage): MessageDescription {
  const method = message.type === 'request' || CLIENT_NOTIFICATIONS.has(message.method) ? message.method : OTHER;
  const metric: Attributes = { [ATTR.MCP_METHOD_NAME]: method };
  const span: Attributes = { [ATTR.MCP_METHOD_NAME]: method };
  let spanName = method;
  const known = message.call?.name;
  if (method === 'tools/call' || method === 'prompts/get') {
    const key = method === 'tools/call' ? ATTR.GEN_AI_TOOL_NAME : ATTR.GEN_AI_PROMPT_NAME;
    const requested = known ?? clientString(message.params.name);
    if (requested !== undefined) span[key] = requested;
    if (known !== undefined) {
      metric[key] = known;
      spanName = `${method} ${known}`;
    }
    if (method === 'tools/call') span[ATTR.GEN_AI_OPERATION_NAME] = metric[ATTR.GEN_AI_OPERATION_NAME] = EXECUTE_TOOL;
  } else if (RESOURCE_METHODS.has(method)) {
    const uri = clientString(message.params.uri);
    if (uri !== undefined) span[ATTR.MCP_RESOURCE_URI] = uri;
  }
  if (message.requestId !== undefined && message.requestId !== null) span[ATTR.JSONRPC_REQUEST_ID] = String(message.requestId);
  if (message.protocolVersion) span[ATTR.MCP_PROTOCOL_VERSION] = metric[ATTR.MCP_PROTOCOL_VERSION] = message.protocolVersion;
  // 2025-11-25 sessions only: the conventions forbid it on 2026-07-28 traffic.
  if (message.sessionId && message.era === 'legacy') span[ATTR.MCP_SESSION_ID] = message.sessionId;
  addNetwork(span, message.transport);
  addNetwork(metric, message.transport);
  return { spanName, span, metric };
}

/** HTTP runs on TCP; stdio is a pipe; in memory there is no network (nothing recorded). */
export function addNetwork(attributes: Attributes, transport: McpMessage['transport']): void {
  if (transport === 'http') {
    attributes[ATTR.NETWORK_TRANSPORT] = 'tcp';
    attributes[ATTR.NETWORK_PROTOCOL_NAME] = 'http';
  } else if (transport === 'stdio') {
    attributes[ATTR.NETWORK_TRANSPORT] = 'pipe';
  }
}

function clientString(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, MAX_CLIENT_STRING) : undefined;
}
