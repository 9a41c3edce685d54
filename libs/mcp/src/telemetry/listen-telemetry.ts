import { PROTOCOL_VERSION_META_KEY, type JSONRPCRequest } from '@modelcontextprotocol/server';
import { Injectable } from '@nestjs/common';
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import type { McpMessage } from '../pipeline/mcp-message.js';
import { McpOtel } from './mcp-otel.js';
import { describeMessage } from './message-attributes.js';
import { extractFromMeta, metaOf } from './meta-carrier.js';
import { ATTR } from './semconv.js';

/** A `subscriptions/listen` stream's span, ended when the stream closes or is refused. */
export interface ListenSpan {
  refused(code: number, message: string): void;
  closed(): void;
}

const UNTRACED: ListenSpan = { refused: () => undefined, closed: () => undefined };

/**
 * `subscriptions/listen` (2026-07-28) is served on the HTTP layer, outside the SDK's handlers and so outside MCP
 * middleware: its SERVER span is started here and lasts as long as the stream. No duration metric: a stream's
 * lifetime is not an operation's duration.
 */
@Injectable()
export class McpListenTelemetry {
  constructor(private readonly otel: McpOtel) {}

  opened(request: JSONRPCRequest): ListenSpan {
    const tracer = this.otel.tracer();
    if (!tracer) return UNTRACED;
    const params = request.params ?? {};
    const version = metaOf(params)?.[PROTOCOL_VERSION_META_KEY];
    const message = {
      method: request.method,
      type: 'request',
      requestId: request.id,
      params,
      era: 'modern',
      transport: 'http',
      protocolVersion: typeof version === 'string' ? version.slice(0, 32) : undefined,
    } as McpMessage;
    const { spanName, span: attributes } = describeMessage(message);
    const span: Span = tracer.startSpan(spanName, { kind: SpanKind.SERVER, attributes }, extractFromMeta(params));
    return {
      refused: (code, description) => {
        span.setAttributes({ [ATTR.ERROR_TYPE]: String(code), [ATTR.RPC_RESPONSE_STATUS_CODE]: String(code) });
        span.setStatus({ code: SpanStatusCode.ERROR, message: description });
        span.end();
      },
      closed: () => span.end(),
    };
  }
}
