import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import {
  WebStandardStreamableHTTPServerTransport,
  type AuthInfo,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
  type Transport,
  type TransportSendOptions,
  type WebStandardStreamableHTTPServerTransportOptions,
} from '@modelcontextprotocol/server';
import type { SessionRecord } from '../session/session-store.interface.js';

const ACCEPT = 'application/json, text/event-stream';

/**
 * A 2025-era streamable HTTP transport for Node: the SDK's web-standard transport behind a Node bridge. It can also
 * take over a session that another instance opened (`resume`), by replaying its handshake internally.
 */
export class SessionTransport implements Transport {
  private readonly web: WebStandardStreamableHTTPServerTransport;

  constructor(options: WebStandardStreamableHTTPServerTransportOptions) {
    this.web = new WebStandardStreamableHTTPServerTransport(options);
  }

  get sessionId(): string | undefined {
    return this.web.sessionId;
  }

  set onclose(handler: (() => void) | undefined) {
    this.web.onclose = handler;
  }
  get onclose(): (() => void) | undefined {
    return this.web.onclose;
  }

  set onerror(handler: ((error: Error) => void) | undefined) {
    this.web.onerror = handler;
  }
  get onerror(): ((error: Error) => void) | undefined {
    return this.web.onerror;
  }

  set onmessage(handler: ((message: JSONRPCMessage, extra?: MessageExtraInfo) => void) | undefined) {
    this.web.onmessage = handler;
  }
  get onmessage(): ((message: JSONRPCMessage, extra?: MessageExtraInfo) => void) | undefined {
    return this.web.onmessage;
  }

  start(): Promise<void> {
    return this.web.start();
  }

  close(): Promise<void> {
    return this.web.close();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return this.web.send(message, options);
  }

  setSupportedProtocolVersions(versions: string[]): void {
    this.web.setSupportedProtocolVersions(versions);
  }

  closeSSEStream(requestId: RequestId): void {
    this.web.closeSSEStream(requestId);
  }

  /** Serves one Node request (POST, GET or DELETE) of this session. */
  async handleRequest(req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse, parsedBody?: unknown): Promise<void> {
    const authInfo = req.auth;
    await getRequestListener((request) => this.web.handleRequest(request, { authInfo, parsedBody }), { overrideGlobalObjects: false })(
      req,
      res,
    );
  }

  /**
   * Takes over a session opened elsewhere: replays `initialize` (with the client's recorded version, capabilities
   * and identity) and `notifications/initialized`, so the SDK server and transport are in the state the client knows.
   */
  async resume(record: SessionRecord): Promise<void> {
    const initialize = {
      jsonrpc: '2.0',
      id: `resume-${record.id}`,
      method: 'initialize',
      params: {
        protocolVersion: record.protocolVersion ?? '2025-03-26',
        capabilities: record.clientCapabilities ?? {},
        clientInfo: record.clientInfo ?? { name: 'resumed-session', version: '0.0.0' },
      },
    };
    await this.internalPost(initialize, {});
    await this.internalPost(
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { 'mcp-session-id': record.id, 'mcp-protocol-version': initialize.params.protocolVersion },
    );
  }

  private async internalPost(body: object, headers: Record<string, string>): Promise<void> {
    const request = new Request('http://localhost/mcp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
      body: JSON.stringify(body),
    });
    const response = await this.web.handleRequest(request, { parsedBody: body });
    await response.text();
    if (!response.ok) throw new Error(`Could not resume session: HTTP ${response.status}`);
  }
}
