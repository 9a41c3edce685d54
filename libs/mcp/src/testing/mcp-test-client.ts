import { Client, StreamableHTTPClientTransport, type Transport } from '@modelcontextprotocol/client';
import {
  InMemoryTransport,
  type CallToolResult,
  type ClientCapabilities,
  type CreateMessageRequest,
  type CreateMessageResult,
  type ElicitRequest,
  type ElicitResult,
  type GetPromptResult,
  type Implementation,
  type ListPromptsResult,
  type ListResourcesResult,
  type ListResourceTemplatesResult,
  type ListToolsResult,
  type LoggingLevel,
  type LoggingMessageNotification,
  type Progress,
  type ReadResourceResult,
  type Root,
} from '@modelcontextprotocol/server';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { asMcpAuthInfo } from '../access/auth-info.js';
import type { McpAuthInfo } from '../interfaces/auth.interface.js';
import { actingFor } from '../server/connection-principal.js';
import { mcpServerHandle, type McpServerHandle } from '../server/mcp-server-handle.js';
import { ScreenedTransport } from './screened-transport.js';

export interface McpTestClientOptions {
  clientInfo?: Implementation;
  /** Which server of the app, when it has several (`McpModule.forRoot({ server: 'admin' })`). Default `'default'`. */
  server?: string;
  /** Answers the server's `sampling/createMessage` requests; declares the sampling capability. */
  sampling?: (params: CreateMessageRequest['params']) => CreateMessageResult | Promise<CreateMessageResult>;
  /** Answers the server's `elicitation/create` requests; declares the elicitation capability. */
  elicitation?: (params: ElicitRequest['params']) => ElicitResult | Promise<ElicitResult>;
  /** Answers `roots/list`; declares the roots capability. */
  roots?: Root[];
}

export interface McpMemoryTestClientOptions extends McpTestClientOptions {
  /** Whom the client's requests act for (`ctx.auth`, `@RequireScopes` & co.), e.g. `{ subject: 'alice', scopes: ['notes:read'] }`. */
  auth?: Partial<McpAuthInfo>;
}

export interface McpHttpTestClientOptions extends McpTestClientOptions {
  /** `'legacy'` (2025-11-25 handshake and session, the default) or `'modern'` (2026-07-28, stateless). */
  era?: 'legacy' | 'modern';
  /** Extra request headers, e.g. `{ authorization: 'Bearer …' }`. */
  headers?: Record<string, string>;
  /** Endpoint path when it cannot be discovered (defaults to the registered MCP route). */
  path?: string;
}

export interface CallToolOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
  timeout?: number;
}

/**
 * A real MCP client (SDK v2) bound to your Nest app: in memory with `create(moduleRef)`, or over a real socket
 * with `http(app)`. Log notifications and other server notifications are collected for assertions.
 */
export class McpTestClient {
  /** `notifications/message` params received, in order. */
  readonly logs: LoggingMessageNotification['params'][] = [];
  /** Every other notification method received (e.g. `notifications/tools/list_changed`), in order. */
  readonly notifications: { method: string; params?: unknown }[] = [];

  private constructor(readonly client: Client) {
    client.setNotificationHandler('notifications/message', (notification) => {
      this.logs.push(notification.params);
    });
    client.fallbackNotificationHandler = async (notification) => {
      this.notifications.push({ method: notification.method, params: notification.params });
    };
  }

  /** Connects in memory to the MCP server of a compiled testing module (initialising it if needed). */
  static async create(moduleRef: INestApplicationContext, options: McpMemoryTestClientOptions = {}): Promise<McpTestClient> {
    await moduleRef.init();
    const handle = mcpServerHandle(moduleRef, options.server);
    const server = handle.connectionServer('memory', 'legacy');
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await actingFor(server, options.auth ? asMcpAuthInfo(options.auth) : undefined).connect(new ScreenedTransport(serverSide, handle.options.limits.maxDepth));
    return McpTestClient.connect(clientSide, options);
  }

  /** Connects over HTTP to a running (or, if not yet listening, started on a free loopback port) Nest app. */
  static async http(app: INestApplication, options: McpHttpTestClientOptions = {}): Promise<McpTestClient> {
    const server = app.getHttpServer() as { listening?: boolean };
    if (!server.listening) await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const url = new URL(`/${(options.path ?? endpointPath(mcpServerHandle(app, options.server))).replace(/^\/+/, '')}`, base);
    const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: options.headers } });
    return McpTestClient.connect(transport, options, options.era ?? 'legacy');
  }

  private static async connect(transport: Transport, options: McpTestClientOptions, era: 'legacy' | 'modern' = 'legacy') {
    const capabilities: ClientCapabilities = {
      ...(options.sampling ? { sampling: {} } : {}),
      ...(options.elicitation ? { elicitation: { form: {} } } : {}),
      ...(options.roots ? { roots: {} } : {}),
    };
    const client = new Client(options.clientInfo ?? { name: 'nestjs-mcp-test-client', version: '1.0.0' }, {
      capabilities,
      ...(era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}),
    });
    if (options.sampling) {
      const answer = options.sampling;
      client.setRequestHandler('sampling/createMessage', async (request) => answer(request.params) as never);
    }
    if (options.elicitation) {
      const answer = options.elicitation;
      client.setRequestHandler('elicitation/create', async (request) => answer(request.params));
    }
    if (options.roots) {
      const roots = options.roots;
      client.setRequestHandler('roots/list', async () => ({ roots }));
    }
    const testClient = new McpTestClient(client);
    await client.connect(transport);
    return testClient;
  }

  listTools(): Promise<ListToolsResult> {
    return this.client.listTools();
  }

  callTool(name: string, args: Record<string, unknown> = {}, options: CallToolOptions = {}): Promise<CallToolResult> {
    return this.client.callTool(
      { name, arguments: args },
      { onprogress: options.onProgress, signal: options.signal, timeout: options.timeout },
    ) as Promise<CallToolResult>;
  }

  listResources(): Promise<ListResourcesResult> {
    return this.client.listResources();
  }

  listResourceTemplates(): Promise<ListResourceTemplatesResult> {
    return this.client.listResourceTemplates();
  }

  readResource(uri: string): Promise<ReadResourceResult> {
    return this.client.readResource({ uri });
  }

  listPrompts(): Promise<ListPromptsResult> {
    return this.client.listPrompts();
  }

  getPrompt(name: string, args: Record<string, string> = {}): Promise<GetPromptResult> {
    return this.client.getPrompt({ name, arguments: args });
  }

  setLoggingLevel(level: LoggingLevel): Promise<unknown> {
    return this.client.setLoggingLevel(level);
  }

  /** Resolves once a notification with this method has arrived (or was already received). */
  async waitForNotification(method: string, timeoutMs = 5_000): Promise<{ method: string; params?: unknown }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.notifications.find((notification) => notification.method === method);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No ${method} notification within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

function endpointPath(handle: McpServerHandle): string {
  const [registered] = handle.endpointPaths();
  return registered ?? handle.options.path;
}
