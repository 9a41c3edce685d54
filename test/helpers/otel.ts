import { context, metrics, propagation, trace, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';

/** An OpenTelemetry SDK registered globally, as an app would, with in-memory span and metric exporters. */
export interface OtelSdk {
  readonly spans: InMemorySpanExporter;
  readonly tracerProvider: TracerProvider;
  readonly meterProvider: MeterProvider;
  /** Finished spans with this name. */
  spansNamed(name: string): ReadableSpan[];
  /** Every metric exported so far, collected now (cumulative). */
  metric(name: string): Promise<MetricData | undefined>;
  /** Unregisters everything (the API's globals are reset, so the next SDK can register). */
  shutdown(): Promise<void>;
}

export function registerOtelSdk(options: { tracing?: boolean; metrics?: boolean } = {}): OtelSdk {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  if (options.tracing !== false) trace.setGlobalTracerProvider(tracerProvider);
  if (options.metrics !== false) metrics.setGlobalMeterProvider(meterProvider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  return {
    spans,
    tracerProvider,
    meterProvider,
    spansNamed: (name) => spans.getFinishedSpans().filter((span) => span.name === name),
    metric: async (name) => {
      await reader.forceFlush();
      const latest = exporter.getMetrics().at(-1);
      return latest?.scopeMetrics.flatMap((scope) => scope.metrics).find((metric) => metric.descriptor.name === name);
    },
    shutdown: async () => {
      resetOtelGlobals();
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}

/** What `trace`, `metrics`, `context` and `propagation` were before any SDK registered. */
export function resetOtelGlobals(): void {
  trace.disable();
  metrics.disable();
  context.disable();
  propagation.disable();
}

/** The data point whose attributes include all of `attributes`. */
export function pointWith<T>(metric: MetricData | undefined, attributes: Attributes): DataPoint<T> | undefined {
  return (metric?.dataPoints as DataPoint<T>[] | undefined)?.find((point) =>
    Object.entries(attributes).every(([key, value]) => point.attributes[key] === value),
  );
}

/** A W3C traceparent for a made-up client span. */
export function traceparentOf(traceId: string, spanId: string): string {
  return `00-${traceId}-${spanId}-01`;
}
