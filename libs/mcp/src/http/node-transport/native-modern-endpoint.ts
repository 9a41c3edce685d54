import type { ServerResponse } from 'node:http';
import { isJsonContentType, type InboundModernRoute } from '@modelcontextprotocol/server';
import { recordClientAddress } from '../../context/client-address.js';
import { CallFailures } from '../../protocol/error-catalogue.js';
import { headerValue, McpHeader } from '../../protocol/http-headers.js';
import { modernHotRequest } from '../../protocol/modern-hot-request.js';
import type { HotPathServer } from '../../server/hot-path-server.js';
import { ModernExchange, type ModernExchangeOptions } from './modern-exchange.js';
import { NodeRequestView } from './node-request-view.js';
import type { McpNodeRequest, NodeModernEndpoint } from './node-transports.js';

/**
 * 2026-07-28 requests: the hot methods (`tools/call`, `tools/list`, `resources/read`) answered on Node's objects by
 * one long-lived server, everything else (other methods, input-round retries, `subscriptions/listen`, anything the
 * SDK would first normalise or refuse) by the SDK's per-request serving behind it.
 */
export class NativeModernEndpoint implements NodeModernEndpoint {
  private server?: HotPathServer;
  /** Exchanges whose call still runs, answered with an error if the endpoint closes first. */
  private readonly inFlight = new Set<ModernExchange>();

  constructor(
    private readonly sdk: NodeModernEndpoint,
    /** The server hot requests are answered by, made on the first one. */
    private readonly serverFor: () => HotPathServer,
    private readonly exchanges: ModernExchangeOptions,
  ) {}

  handle(req: McpNodeRequest, res: ServerResponse, body: unknown, route?: InboundModernRoute): Promise<void> {
    const hot = route?.messageKind === 'request' && isJsonContentType(req.headers['content-type']) ? this.hotRequest(req, route.message) : undefined;
    if (!hot) return this.sdk.handle(req, res, body, route);
    const server = this.shared();
    if (!server.answersExchange(hot.request.method)) return this.sdk.handle(req, res, body, route);
    const view = new NodeRequestView(req);
    recordClientAddress(view, req.clientAddress);
    const exchange = new ModernExchange(res, hot.request.id, this.exchanges);
    this.inFlight.add(exchange);
    res.once('close', () => this.inFlight.delete(exchange));
    server.serveExchange(hot, exchange, { authInfo: req.auth, request: view.asRequest() });
    return Promise.resolve();
  }

  async close(): Promise<void> {
    for (const exchange of this.inFlight) exchange.giveUp(CallFailures.shuttingDown);
    this.inFlight.clear();
    await this.sdk.close();
  }

  private hotRequest(req: McpNodeRequest, message: Parameters<typeof modernHotRequest>[0]) {
    return modernHotRequest(message, {
      protocolVersion: headerValue(req.headers, McpHeader.protocolVersion),
      method: headerValue(req.headers, McpHeader.method),
      name: headerValue(req.headers, McpHeader.name),
    });
  }

  private shared(): HotPathServer {
    if (!this.server) {
      this.server = this.serverFor();
      this.server.servesModernExchanges();
    }
    return this.server;
  }
}
