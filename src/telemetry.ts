import type { ExportResult } from '@opentelemetry/core';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/**
 * OpenTelemetry for the demo, chosen by `MCP_OTEL` (nestjs-mcp itself only uses `@opentelemetry/api`; the app
 * registers the SDK):
 * - `console`: every span as one JSON line on stderr, metrics every `MCP_OTEL_METRICS_MS` (default 60 s). Stderr,
 *   so stdout stays the protocol's on stdio.
 * - `otlp`: spans and metrics to an OTLP/HTTP collector (`OTEL_EXPORTER_OTLP_ENDPOINT`, default
 *   http://localhost:4318; Jaeger, Grafana Tempo/Alloy and the OpenTelemetry Collector all accept it).
 * The SDK packages are loaded only when it is set. Returns the function that flushes and stops it.
 */
export async function startTelemetry(mode = process.env.MCP_OTEL): Promise<() => Promise<void>> {
  if (!mode) return async () => undefined;
  if (mode !== 'console' && mode !== 'otlp') throw new Error(`MCP_OTEL must be "console" or "otlp", not "${mode}"`);
  const [{ context, metrics, propagation, trace }, { AsyncLocalStorageContextManager }, core, sdkTrace, sdkMetrics, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/api'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/sdk-metrics'),
      import('@opentelemetry/resources'),
    ]);
  const resource = resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? 'notes-mcp' });
  let spans: SpanExporter;
  let metricExporter: PushMetricExporter;
  if (mode === 'otlp') {
    const [{ OTLPTraceExporter }, { OTLPMetricExporter }] = await Promise.all([
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/exporter-metrics-otlp-http'),
    ]);
    spans = new OTLPTraceExporter();
    metricExporter = new OTLPMetricExporter();
  } else {
    spans = new StderrSpanExporter();
    metricExporter = new StderrMetricExporter();
  }
  const processor = mode === 'otlp' ? new sdkTrace.BatchSpanProcessor({ exporter: spans }) : new sdkTrace.SimpleSpanProcessor({ exporter: spans });
  const tracerProvider = new sdkTrace.TracerProvider({ resource, spanProcessors: [processor] });
  const reader = new sdkMetrics.PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: Number(process.env.MCP_OTEL_METRICS_MS ?? 60_000),
  });
  const meterProvider = new sdkMetrics.MeterProvider({ resource, readers: [reader] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new core.CompositePropagator({ propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()] }),
  );
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return async () => {
    await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
  };
}

const SUCCESS: ExportResult = { code: 0 };

/** One JSON line per span on stderr. */
class StderrSpanExporter implements SpanExporter {
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const span of spans) {
      const { traceId, spanId } = span.spanContext();
      const line = {
        span: span.name,
        kind: span.kind,
        traceId,
        spanId,
        parentSpanId: span.parentSpanContext?.spanId,
        durationMs: span.duration[0] * 1e3 + span.duration[1] / 1e6,
        status: span.status,
        attributes: span.attributes,
        links: span.links.map((link) => link.context.spanId),
        events: span.events.map((event) => event.name),
      };
      process.stderr.write(`${JSON.stringify(line)}\n`);
    }
    done(SUCCESS);
  }

  async shutdown(): Promise<void> {}
}

/** One JSON line per metric data point on stderr. */
class StderrMetricExporter implements PushMetricExporter {
  export(resourceMetrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    for (const metric of resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics)) {
      for (const point of metric.dataPoints) {
        process.stderr.write(`${JSON.stringify({ metric: metric.descriptor.name, unit: metric.descriptor.unit, attributes: point.attributes, value: point.value })}\n`);
      }
    }
    done(SUCCESS);
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
