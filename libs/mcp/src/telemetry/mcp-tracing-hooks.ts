import { Injectable } from '@nestjs/common';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { isToolErrorResult } from '../errors/tool-error-result.js';
import type { McpCallInfo } from '../pipeline/mcp-call.js';
import type { McpTracing, OutgoingRequest } from '../pipeline/mcp-tracing.js';
import { McpOtel } from './mcp-otel.js';
import { failureOfError, type MessageFailure } from './message-outcome.js';
import { injectIntoMeta } from './meta-carrier.js';
import { ATTR, TOOL_ERROR } from './semconv.js';

/**
 * The spans inside a message's SERVER span: a component's Nest pipeline (`tool NotesTools.addNote`), the guard
 * checks of a list (`guards tools/list`), server-to-client requests (CLIENT `sampling/createMessage`, with the trace
 * context in their `_meta`) and task runs (`task tools/call {tool}`, a new trace linked to the request that created
 * the task). Each hook costs one provider lookup and nothing else while no SDK is registered.
 */
@Injectable()
export class McpTelemetryTracing implements McpTracing {
  constructor(private readonly otel: McpOtel) {}

  handler<T>(info: McpCallInfo, hostClass: Function, handler: Function, work: () => Promise<T>): Promise<T> {
    const tracer = this.otel.tracer();
    if (!tracer) return work();
    const qualified = `${hostClass.name || 'anonymous'}.${handler.name || 'anonymous'}`;
    const attributes = { [ATTR.CODE_FUNCTION_NAME]: qualified, [ATTR.MCP_METHOD_NAME]: info.method };
    return tracer.startActiveSpan(`${info.kind} ${qualified}`, { kind: SpanKind.INTERNAL, attributes }, (span) => settled(span, work));
  }

  guardChecks<A extends unknown[]>(method: string, check: (...args: A) => Promise<boolean>): (...args: A) => Promise<boolean> {
    const tracer = this.otel.tracer();
    if (!tracer) return check;
    let span: Span | undefined;
    let pending = 0;
    let checked = 0;
    let denied = 0;
    return (...args) => {
      span ??= tracer.startSpan(`guards ${method}`, { kind: SpanKind.INTERNAL, attributes: { [ATTR.MCP_METHOD_NAME]: method } });
      const current = span;
      pending++;
      checked++;
      return context
        .with(trace.setSpan(context.active(), current), () => check(...args))
        .then((allowed) => {
          if (!allowed) denied++;
          return allowed;
        })
        .finally(() => {
          if (--pending > 0) return;
          current.setAttributes({ 'mcp.guard.checked': checked, 'mcp.guard.denied': denied });
          current.end();
          span = undefined;
          checked = denied = 0;
        });
    };
  }

  clientRequest<T>(request: OutgoingRequest, send: (request: OutgoingRequest) => Promise<T>): Promise<T> {
    const tracer = this.otel.tracer();
    if (!tracer) return send(request);
    const attributes = { [ATTR.MCP_METHOD_NAME]: request.method };
    return tracer.startActiveSpan(request.method, { kind: SpanKind.CLIENT, attributes }, (span) =>
      settled(span, () => send({ ...request, params: injectIntoMeta(request.params) }), failureOfError),
    );
  }

  taskRun<A extends unknown[], T>(toolName: string, run: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
    const creator = trace.getSpanContext(context.active());
    if (!creator || !trace.isSpanContextValid(creator) || !this.otel.tracer()) return run;
    const attributes: Attributes = { [ATTR.MCP_METHOD_NAME]: 'tools/call', [ATTR.GEN_AI_TOOL_NAME]: toolName, [ATTR.GEN_AI_OPERATION_NAME]: 'execute_tool' };
    return (...args) => {
      const tracer = this.otel.tracer();
      if (!tracer) return run(...args);
      const options = { kind: SpanKind.INTERNAL, attributes, links: [{ context: creator }] };
      return tracer.startActiveSpan(`task tools/call ${toolName}`, options, ROOT_CONTEXT, (span) => settled(span, () => run(...args), undefined, failureOfTaskRun));
    };
  }
}

/** Ends `span` when `work` settles, recording how it failed. */
async function settled<T>(
  span: Span,
  work: () => Promise<T>,
  describe: (error: unknown) => MessageFailure = failureOfException,
  inspect: (value: T) => MessageFailure | undefined = () => undefined,
): Promise<T> {
  try {
    const value = await work();
    const failure = inspect(value);
    if (failure) fail(span, failure);
    return value;
  } catch (error) {
    fail(span, describe(error));
    if (error instanceof Error) span.recordException(error);
    throw error;
  } finally {
    span.end();
  }
}

function fail(span: Span, failure: MessageFailure): void {
  span.setAttributes(failure.attributes);
  span.setStatus({ code: SpanStatusCode.ERROR, ...(failure.description !== undefined ? { message: failure.description } : {}) });
}

/** Inside the server an exception is recorded by its class (a guard's `ForbiddenException`, a tool's `Error`). */
function failureOfException(error: unknown): MessageFailure {
  const type = (error as object | undefined)?.constructor?.name || '_OTHER';
  return { attributes: { [ATTR.ERROR_TYPE]: type }, description: error instanceof Error ? error.message : undefined };
}

/** A task run's outcome (`TaskOutcome`): a protocol error or an `isError` tool result. */
function failureOfTaskRun(outcome: unknown): MessageFailure | undefined {
  const { error, result } = (outcome ?? {}) as { error?: { code?: number; message?: string }; result?: unknown };
  if (error) return { attributes: { [ATTR.ERROR_TYPE]: String(error.code), [ATTR.RPC_RESPONSE_STATUS_CODE]: String(error.code) }, description: error.message };
  return isToolErrorResult(result) ? { attributes: { [ATTR.ERROR_TYPE]: TOOL_ERROR }, description: undefined } : undefined;
}
