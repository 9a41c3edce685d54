import { Inject, Injectable } from '@nestjs/common';
import { MCP_OPTIONS, type McpResolvedOptions } from '../../options/mcp-options.js';
import { reportSdkError } from '../sdk-error-log.js';
import { NativeModernEndpoint } from './native-modern-endpoint.js';
import { NativeSessionTransport } from './native-session-transport.js';
import {
  NodeTransports,
  type ModernEndpointOptions,
  type NodeModernEndpoint,
  type NodeSessionTransport,
  type SessionTransportOptions,
} from './node-transports.js';
import { sdkModernEndpoint } from './sdk-modern-endpoint.js';

/** 2025 sessions and the hot 2026-07-28 requests on Node's request and response objects; other 2026-07-28 requests through the SDK's handler. */
@Injectable()
export class NativeTransports extends NodeTransports {
  constructor(@Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions) {
    super();
  }

  session(options: SessionTransportOptions): NodeSessionTransport {
    const transport = new NativeSessionTransport({
      ...options,
      jsonResponses: this.options.responseMode === 'json',
      keepAliveMs: this.options.keepAliveMs,
      retryIntervalMs: this.options.retryIntervalMs,
    });
    transport.onerror = reportSdkError;
    return transport;
  }

  modern(options: ModernEndpointOptions): NodeModernEndpoint {
    return new NativeModernEndpoint(
      sdkModernEndpoint(this.options, options),
      () => {
        const server = options.serverFor('modern');
        server.onerror = reportSdkError;
        return server;
      },
      { responseMode: this.options.responseMode === 'json' ? 'json' : 'auto', keepAliveMs: this.options.keepAliveMs },
    );
  }
}
