import { createMcpHandler } from '@modelcontextprotocol/server';
import { recordClientAddress } from '../../context/client-address.js';
import type { McpResolvedOptions } from '../../options/mcp-options.js';
import { reportSdkError } from '../sdk-error-log.js';
import type { ModernEndpointOptions, NodeModernEndpoint } from './node-transports.js';

/**
 * 2026-07-28 requests through the SDK's `createMcpHandler`: each Node request becomes a web `Request` (the SDK's
 * `toNodeHandler`) served by a fresh server.
 */
export function sdkModernEndpoint(options: McpResolvedOptions, { serverFor, bus }: ModernEndpointOptions): NodeModernEndpoint {
  const handler = createMcpHandler(({ era }) => serverFor(era), {
    legacy: 'reject',
    bus,
    responseMode: options.responseMode === 'json' ? 'json' : 'auto',
    keepAliveMs: options.keepAliveMs,
    maxRequestBodySize: options.maxBodyBytes,
    onerror: reportSdkError,
  });
  const bridge = { maxRequestBodySize: options.maxBodyBytes, onerror: reportSdkError };
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
