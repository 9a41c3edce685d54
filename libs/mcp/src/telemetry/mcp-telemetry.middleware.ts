import { Injectable, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Link, type Span, type Tracer } from '@opentelemetry/api';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { McpMessage, McpMiddleware } from '../pipeline/mcp-message.js';
import type { McpInstruments } from './mcp-instruments.js';
import { McpOtel } from './mcp-otel.js';
import { describeMessage, type MessageDescription } from './message-attributes.js';
import { failureOfError, failureOfResult, inputRequestMethods, INTERNAL_ERROR, type MessageFailure } from './message-outcome.js';
import { extractFromMeta } from './meta-carrier.js';
import { ATTR } from './semconv.js';

/**
 * OpenTelemetry for every MCP message (both eras, every transport): a SERVER span per request and client
 * notification, named and attributed as the semantic conventions for MCP say, parented on the trace context of the
 * message's `_meta` (the ambient span, e.g. an HTTP server span, is linked), active while the handler runs; and the
 * `mcp.server.operation.duration` histogram with the in-flight requests counter. The outermost MCP middleware, so
 * it sees every refusal. Applies to nothing while telemetry is off or no OpenTelemetry SDK is registered.
 */
@Injectable()
export class McpTelemetryMiddleware implements McpMiddleware {
  constructor(private readonly otel: McpOtel) {}

  appliesTo(_message: McpMessage): boolean {
    return this.otel.active();
  }

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const message = execution.getArgs()[3] as McpMessage | undefined;
    const tracer = this.otel.tracer();
    const instruments = this.otel.instruments();
    if (!message || (!tracer && !instruments)) return next.handle();
    return from(this.observe(message, tracer, instruments, next));
  }

  private async observe(message: McpMessage, tracer: Tracer | undefined, instruments: McpInstruments | undefined, next: CallHandler): Promise<unknown> {
    const started = performance.now();
    const description = describeMessage(message);
    const traced = tracer && this.startSpan(tracer, message, description);
    const inFlight = instruments && message.type === 'request' ? { [ATTR.MCP_METHOD_NAME]: message.method } : undefined;
    if (inFlight) instruments!.activeRequests.add(1, inFlight);
    let result: unknown;
    let failure: MessageFailure | undefined;
    try {
      const handled = traced ? context.with(trace.setSpan(traced.parent, traced.span), () => next.handle()) : next.handle();
      result = await lastValueFrom(handled, { defaultValue: undefined });
      failure = failureOfResult(message.method, result);
      return result;
    } catch (error) {
      failure = failureOfError(error);
      if (traced && failure.attributes[ATTR.RPC_RESPONSE_STATUS_CODE] === INTERNAL_ERROR) traced.span.recordException(error as Error);
      throw error;
    } finally {
      if (inFlight) instruments!.activeRequests.add(-1, inFlight);
      if (instruments) recordDuration(instruments, description.metric, failure, started);
      if (traced) this.endSpan(traced.span, message, result, failure);
    }
  }

  private startSpan(tracer: Tracer, message: McpMessage, description: MessageDescription) {
    const parent = extractFromMeta(message.params);
    const ambient = trace.getSpanContext(context.active());
    const links: Link[] | undefined = ambient && trace.isSpanContextValid(ambient) ? [{ context: ambient }] : undefined;
    const span = tracer.startSpan(description.spanName, { kind: SpanKind.SERVER, attributes: description.span, links }, parent);
    if (this.otel.options.recordArguments && message.method === 'tools/call' && span.isRecording()) {
      const json = jsonOf(message.params.arguments);
      if (json !== undefined) span.setAttribute(ATTR.GEN_AI_TOOL_CALL_ARGUMENTS, json);
    }
    return { span, parent };
  }

  private endSpan(span: Span, message: McpMessage, result: unknown, failure: MessageFailure | undefined): void {
    if (span.isRecording()) {
      if (failure) {
        span.setAttributes(failure.attributes);
        span.setStatus({ code: SpanStatusCode.ERROR, ...(failure.description !== undefined ? { message: failure.description } : {}) });
      }
      const asked = inputRequestMethods(result);
      if (asked) span.addEvent('mcp.input_required', { 'mcp.input_required.methods': asked });
      if (this.otel.options.recordResults && message.method === 'tools/call' && result !== undefined && !failure?.attributes[ATTR.RPC_RESPONSE_STATUS_CODE]) {
        const json = jsonOf(result);
        if (json !== undefined) span.setAttribute(ATTR.GEN_AI_TOOL_CALL_RESULT, json);
      }
    }
    span.end();
  }
}

function recordDuration(instruments: McpInstruments, attributes: Attributes, failure: MessageFailure | undefined, started: number): void {
  instruments.operationDuration.record((performance.now() - started) / 1000, failure ? { ...attributes, ...failure.attributes } : attributes);
}

function jsonOf(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}
