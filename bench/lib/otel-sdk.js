// A real OpenTelemetry SDK for the middleware bench, registered globally the way an app would before bootstrap:
// spans are recorded and handed to a batch processor whose exporter drops them (it only counts them), metrics are
// recorded into a MeterProvider whose reader never exports during the run (read on demand for the sanity check).
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, ExportResultCode, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

/** An exporter that does nothing but count: the cost measured is recording spans, not shipping them. */
class CountingNoopSpanExporter {
  exported = 0;

  export(spans, resultCallback) {
    this.exported += spans.length;
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  shutdown() {
    return Promise.resolve();
  }

  forceFlush() {
    return Promise.resolve();
  }
}

/** A pull reader nobody pulls during the run (collect() is called once at the end, for the sanity check). */
class IdleMetricReader extends MetricReader {
  onForceFlush() {
    return Promise.resolve();
  }

  onShutdown() {
    return Promise.resolve();
  }
}

/** Registers the SDK globally; returns a function reporting what it recorded so far. */
export function registerOtelSdk() {
  const exporter = new CountingNoopSpanExporter();
  const spanProcessor = new BatchSpanProcessor({ exporter });
  trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [spanProcessor] }));
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  const reader = new IdleMetricReader();
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));

  return async function recorded() {
    await spanProcessor.forceFlush();
    const { resourceMetrics } = await reader.collect();
    /** Per metric name, summed over data points: a histogram's `count` of recordings, or a sum's/gauge's `value`. */
    const byMetric = {};
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) {
        const histogram = metric.dataPoints.some((point) => typeof point.value === 'object');
        const total = metric.dataPoints.reduce((sum, point) => sum + (histogram ? (point.value?.count ?? 0) : point.value), 0);
        byMetric[metric.descriptor.name] = histogram ? { count: total } : { value: total };
      }
    }
    return { spansExported: exporter.exported, metrics: byMetric };
  };
}
