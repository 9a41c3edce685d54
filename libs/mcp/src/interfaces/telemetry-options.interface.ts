import type { MeterProvider, TracerProvider } from '@opentelemetry/api';

/**
 * OpenTelemetry spans and metrics following the semantic conventions for MCP. Only `@opentelemetry/api` is used: the
 * app registers the SDK and its exporters; with none registered nothing is recorded and nothing is allocated.
 */
export interface McpTelemetryOptions {
  /** Default true (a no-op until an OpenTelemetry SDK is registered). */
  enabled?: boolean;
  /** Default: the global provider (`trace.getTracerProvider()`), looked up on every request. */
  tracerProvider?: TracerProvider;
  /** Default: the global provider (`metrics.getMeterProvider()`), looked up lazily. */
  meterProvider?: MeterProvider;
  /** Record tool arguments on spans (`gen_ai.tool.call.arguments`; opt-in, may hold personal data). Default false. */
  recordArguments?: boolean;
  /** Record tool results on spans (`gen_ai.tool.call.result`; opt-in). Default false. */
  recordResults?: boolean;
}
