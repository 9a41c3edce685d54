import type { ServerResponse } from 'node:http';
import {
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  WebStandardStreamableHTTPServerTransport,
  type WebStandardStreamableHTTPServerTransportOptions,
} from '@modelcontextprotocol/server';
import { recordClientAddress } from '../../context/client-address.js';
import { HttpRefusals } from '../../protocol/error-catalogue.js';
import { McpHeader } from '../../protocol/http-headers.js';
import { jsonRpcErrorBody } from '../json-rpc-reply.js';
import { reportSdkError } from '../sdk-error-log.js';
import type { McpNodeRequest, NodeSessionTransport, SessionHandshake } from './node-transports.js';

const ACCEPT = 'application/json, text/event-stream';

/** Hono's bridge, loaded by the first session request: a stdio server never needs it. */
let getRequestListener: typeof import('@hono/node-server').getRequestListener | undefined;

/**
 * The SDK's web-standard session transport, served Node requests through Hono's bridge (as the SDK's own Node
 * transport does), and able to take over a session opened elsewhere by replaying its handshake internally.
 */
export class WebStandardSessionTransport implements NodeSessionTransport {
  readonly transport: WebStandardStreamableHTTPServerTransport;

  constructor(options: WebStandardStreamableHTTPServerTransportOptions) {
    this.transport = new WebStandardStreamableHTTPServerTransport(options);
    this.transport.onerror = reportSdkError;
  }

  get sessionId(): string | undefined {
    return this.transport.sessionId;
  }

  async handle(req: McpNodeRequest, res: ServerResponse, body: unknown): Promise<void> {
    const authInfo = req.auth;
    getRequestListener ??= (await import('@hono/node-server')).getRequestListener;
    const listener = getRequestListener(
      (request) => {
        recordClientAddress(request, req.clientAddress);
        return this.transport.handleRequest(request, { authInfo, parsedBody: body }).catch(internalError);
      },
      { overrideGlobalObjects: false },
    );
    await listener(req, res);
  }

  /** Replays `initialize` (the client's recorded version, capabilities and identity) and `notifications/initialized`. */
  async resume(handshake: SessionHandshake): Promise<void> {
    const protocolVersion = handshake.protocolVersion ?? DEFAULT_NEGOTIATED_PROTOCOL_VERSION;
    const initialize = {
      jsonrpc: '2.0',
      id: `resume-${handshake.id}`,
      method: 'initialize',
      params: {
        protocolVersion,
        capabilities: handshake.clientCapabilities ?? {},
        clientInfo: handshake.clientInfo ?? { name: 'resumed-session', version: '0.0.0' },
      },
    };
    await this.internalPost(initialize, {});
    await this.internalPost(
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { [McpHeader.sessionId]: handshake.id, [McpHeader.protocolVersion]: protocolVersion },
    );
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private async internalPost(body: object, headers: Record<string, string>): Promise<void> {
    const request = new Request('http://localhost/mcp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
      body: JSON.stringify(body),
    });
    const response = await this.transport.handleRequest(request, { parsedBody: body });
    await response.text();
    if (!response.ok) throw new Error(`Could not resume session: HTTP ${response.status}`);
  }
}

/** What the bridge would answer (an empty 500, unlogged) when the transport throws: reported, and a JSON-RPC body. */
function internalError(error: unknown): Response {
  reportSdkError(error instanceof Error ? error : new Error(String(error)));
  return new Response(jsonRpcErrorBody(HttpRefusals.internal), { status: HttpRefusals.internal.status, headers: { 'content-type': 'application/json' } });
}
