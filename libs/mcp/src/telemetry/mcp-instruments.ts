import type { Histogram, Meter, UpDownCounter } from '@opentelemetry/api';
import { DURATION_BUCKETS, METRIC } from './semconv.js';

/** The library's metric instruments on one meter, created once per meter provider. */
export interface McpInstruments {
  readonly operationDuration: Histogram;
  readonly sessionDuration: Histogram;
  readonly activeSessions: UpDownCounter;
  readonly activeRequests: UpDownCounter;
}

export function createInstruments(meter: Meter): McpInstruments {
  const advice = { explicitBucketBoundaries: DURATION_BUCKETS };
  return {
    operationDuration: meter.createHistogram(METRIC.OPERATION_DURATION, {
      unit: 's',
      description: 'Duration of an MCP request or notification, from receipt to the answer (or its handling)',
      advice,
    }),
    sessionDuration: meter.createHistogram(METRIC.SESSION_DURATION, {
      unit: 's',
      description: 'Lifetime of a 2025-11-25 MCP session, from initialize to its end',
      advice,
    }),
    activeSessions: meter.createUpDownCounter(METRIC.SESSION_ACTIVE, {
      unit: '{session}',
      description: 'MCP sessions (2025-11-25) open in this process',
    }),
    activeRequests: meter.createUpDownCounter(METRIC.REQUEST_ACTIVE, {
      unit: '{request}',
      description: 'MCP requests being handled in this process',
    }),
  };
}
