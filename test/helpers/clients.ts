import { Client as ClientV2, StreamableHTTPClientTransport as HttpTransportV2 } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as HttpTransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema as CreateMessageRequestSchemaV1,
  ElicitRequestSchema as ElicitRequestSchemaV1,
  LoggingMessageNotificationSchema as LoggingMessageNotificationSchemaV1,
} from '@modelcontextprotocol/sdk/types.js';

export type ClientKind = 'v2-legacy' | 'v2-modern' | 'v1';
export const ALL_CLIENTS: ClientKind[] = ['v2-legacy', 'v2-modern', 'v1'];
export const SESSION_CLIENTS: ClientKind[] = ['v2-legacy', 'v1'];

export interface ClientHandlers {
  sampling?: (params: any) => any;
  elicitation?: (params: any) => any;
  headers?: Record<string, string>;
}

/** The calls the tests make, the same on every client kind. */
export interface AnyClient {
  kind: ClientKind;
  logs: { level: string; data: unknown }[];
  listTools(): Promise<{ tools: any[] }>;
  callTool(name: string, args?: Record<string, unknown>, options?: { onprogress?: (p: any) => void; signal?: AbortSignal }): Promise<any>;
  readResource(uri: string): Promise<any>;
  listResources(): Promise<{ resources: any[] }>;
  listResourceTemplates(): Promise<{ resourceTemplates: any[] }>;
  listPrompts(): Promise<{ prompts: any[] }>;
  getPrompt(name: string, args?: Record<string, string>): Promise<any>;
  setLoggingLevel(level: string): Promise<unknown>;
  sessionId(): string | undefined;
  close(): Promise<void>;
  raw: any;
}

/** The text of a result's first content block; throws, showing the result, when it has none. */
export function textOf(result: unknown): string {
  const text = (result as { content?: { text?: unknown }[] }).content?.[0]?.text;
  if (typeof text !== 'string') throw new Error(`The result has no text content: ${JSON.stringify(result)}`);
  return text;
}

/** Connects the clients, runs `body` with them, and closes them whatever happened. */
export async function withClients<T>(clients: Promise<AnyClient>[], body: (...clients: AnyClient[]) => Promise<T>): Promise<T> {
  const connected = await Promise.all(clients);
  try {
    return await body(...connected);
  } finally {
    await Promise.all(connected.map((client) => client.close()));
  }
}

export async function connect(kind: ClientKind, url: URL, handlers: ClientHandlers = {}): Promise<AnyClient> {
  const capabilities = {
    ...(handlers.sampling ? { sampling: {} } : {}),
    ...(handlers.elicitation ? { elicitation: { form: {} } } : {}),
  };
  const info = { name: `test-${kind}`, version: '1.0.0' };
  const logs: AnyClient['logs'] = [];
  if (kind === 'v1') {
    const client = new ClientV1(info, { capabilities });
    if (handlers.sampling) client.setRequestHandler(CreateMessageRequestSchemaV1, (request) => handlers.sampling!(request.params));
    if (handlers.elicitation) client.setRequestHandler(ElicitRequestSchemaV1, (request) => handlers.elicitation!(request.params));
    client.setNotificationHandler(LoggingMessageNotificationSchemaV1, (notification) => {
      logs.push(notification.params as never);
    });
    const transport = new HttpTransportV1(url, { requestInit: { headers: handlers.headers } });
    await client.connect(transport);
    return wrap(kind, client, logs, () => transport.sessionId);
  }
  const client = new ClientV2(info, {
    capabilities,
    ...(kind === 'v2-modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
  });
  if (handlers.sampling) client.setRequestHandler('sampling/createMessage', (request) => handlers.sampling!(request.params));
  if (handlers.elicitation) client.setRequestHandler('elicitation/create', (request) => handlers.elicitation!(request.params));
  client.setNotificationHandler('notifications/message', (notification) => {
    logs.push(notification.params as never);
  });
  const transport = new HttpTransportV2(url, { requestInit: { headers: handlers.headers } });
  await client.connect(transport);
  return wrap(kind, client, logs, () => transport.sessionId);
}

function wrap(kind: ClientKind, client: any, logs: AnyClient['logs'], sessionId: () => string | undefined): AnyClient {
  return {
    kind,
    logs,
    raw: client,
    listTools: () => client.listTools(),
    callTool: (name, args = {}, options = {}) =>
      kind === 'v1' ? client.callTool({ name, arguments: args }, undefined, options) : client.callTool({ name, arguments: args }, options),
    readResource: (uri) => client.readResource({ uri }),
    listResources: () => client.listResources(),
    listResourceTemplates: () => client.listResourceTemplates(),
    listPrompts: () => client.listPrompts(),
    getPrompt: (name, args = {}) => client.getPrompt({ name, arguments: args }),
    setLoggingLevel: (level) => client.setLoggingLevel(level),
    sessionId,
    close: () => client.close(),
  };
}
