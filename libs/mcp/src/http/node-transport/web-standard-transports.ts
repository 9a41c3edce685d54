import { createMcpHandler } from '@modelcontextprotocol/server';
import { Inject, Injectable } from '@nestjs/common';
import { recordClientAddress } from '../../context/client-address.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../../options/mcp-options.js';
import { reportSdkError } from '../sdk-error-log.js';
import {
  NodeTransports,
  type ModernEndpointOptions,
  type NodeModernEndpoint,
  type NodeSessionTransport,
  type SessionTransportOptions,
} from './node-transports.js';
import { WebStandardSessionTransport } from './web-standard-session.js';

/**
 * The SDK's web-standard transports on Node: each Node request becomes a web `Request` and each `Response` is written
 * back (Hono's bridge for sessions, the SDK's `toNodeHandler` for 2026-07-28 requests).
 */
@Injectable()
export class WebStandardTransports extends NodeTransports {
  constructor(@Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions) {
    super();
  }

  session({ sessionId, eventStore, onInitialized, onClosed }: SessionTransportOptions): NodeSessionTransport {
    const { retryIntervalMs } = this.options;
    return new WebStandardSessionTransport({
      sessionIdGenerator: sessionId === undefined ? undefined : () => sessionId,
      enableJsonResponse: this.options.responseMode === 'json',
      keepAliveMs: this.options.keepAliveMs,
      maxRequestBodySize: this.options.maxBodyBytes,
      ...(eventStore ? { eventStore } : {}),
      ...(retryIntervalMs !== undefined ? { retryInterval: retryIntervalMs } : {}),
      ...(onInitialized ? { onsessioninitialized: onInitialized } : {}),
      ...(onClosed ? { onsessionclosed: onClosed } : {}),
    });
  }

  modern({ serverFor, bus }: ModernEndpointOptions): NodeModernEndpoint {
    const handler = createMcpHandler(({ era }) => serverFor(era), {
      legacy: 'reject',
      bus,
      responseMode: this.options.responseMode === 'json' ? 'json' : 'auto',
      keepAliveMs: this.options.keepAliveMs,
      maxRequestBodySize: this.options.maxBodyBytes,
      onerror: reportSdkError,
    });
    const bridge = { maxRequestBodySize: this.options.maxBodyBytes, onerror: reportSdkError };
    // The SDK's Node bridge is loaded by the first request: a stdio server never needs it.
    let toNodeHandler: typeof import('@modelcontextprotocol/node').toNodeHandler | undefined;
    // A bridge per request, to tie the web Request it makes to the client's address (for McpContext.request).
    const serve: NodeModernEndpoint['handle'] = (req, res, body) =>
      toNodeHandler!(
        {
          fetch: (request, extra) => {
            recordClientAddress(request, req.clientAddress);
            return handler.fetch(request, extra);
          },
        },
        bridge,
      )(req, res, body);
    const firstServe: NodeModernEndpoint['handle'] = async (req, res, body) => {
      toNodeHandler ??= (await import('@modelcontextprotocol/node')).toNodeHandler;
      return serve(req, res, body);
    };
    return { handle: (req, res, body) => (toNodeHandler ? serve : firstServe)(req, res, body), close: () => handler.close() };
  }
}
