import { createMcpHandler } from '@modelcontextprotocol/server';
import { Inject, Injectable } from '@nestjs/common';
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
    // The SDK's Node bridge is loaded by the first request: a stdio server never needs it.
    let serve: NodeModernEndpoint['handle'] | undefined;
    const firstServe: NodeModernEndpoint['handle'] = async (req, res, body) => {
      const { toNodeHandler } = await import('@modelcontextprotocol/node');
      serve ??= toNodeHandler(handler, { maxRequestBodySize: this.options.maxBodyBytes, onerror: reportSdkError });
      return serve(req, res, body);
    };
    return { handle: (req, res, body) => (serve ?? firstServe)(req, res, body), close: () => handler.close() };
  }
}
