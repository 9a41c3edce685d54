import { Inject, Injectable } from '@nestjs/common';
import { createNoopMeter, metrics, ProxyTracerProvider, trace, type MeterProvider, type Tracer, type TracerProvider } from '@opentelemetry/api';
import type { McpTelemetryOptions } from '../interfaces/telemetry-options.interface.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import { createInstruments, type McpInstruments } from './mcp-instruments.js';
import { SCOPE_NAME } from './semconv.js';

/** What the global tracer provider delegates to before an SDK registers one (the API's no-op singleton). */
const NOOP_TRACER_PROVIDER = new ProxyTracerProvider().getDelegate();
const NOOP_METER = createNoopMeter();

/**
 * The tracer and instruments of the library, looked up on every use: an SDK registered after bootstrap is picked up,
 * and while none is registered both are undefined, so callers skip their work and allocate nothing. A tracer is
 * kept per provider (a fresh one after `trace.disable()`); instruments per meter provider (metrics have no proxy).
 */
@Injectable()
export class McpOtel {
  readonly options: Readonly<Omit<McpTelemetryOptions, 'enabled'>>;
  private readonly enabled: boolean;
  private readonly tracers = new WeakMap<TracerProvider, Tracer>();
  private readonly instrumentsOf = new WeakMap<MeterProvider, McpInstruments | null>();

  constructor(@Inject(MCP_OPTIONS) resolved: Pick<McpResolvedOptions, 'middleware'>) {
    const given = resolved.middleware.telemetry;
    this.enabled = given !== false && given?.enabled !== false;
    this.options = given || {};
  }

  /** The tracer to record spans with; undefined when telemetry is off or no tracer provider is registered. */
  tracer(): Tracer | undefined {
    if (!this.enabled) return undefined;
    const provider = delegateOf(this.options.tracerProvider ?? trace.getTracerProvider());
    if (provider === NOOP_TRACER_PROVIDER) return undefined;
    let tracer = this.tracers.get(provider);
    if (!tracer) {
      tracer = provider.getTracer(SCOPE_NAME);
      this.tracers.set(provider, tracer);
    }
    return tracer;
  }

  /** The instruments to record metrics with; undefined when telemetry is off or no meter provider is registered. */
  instruments(): McpInstruments | undefined {
    if (!this.enabled) return undefined;
    const provider = this.options.meterProvider ?? metrics.getMeterProvider();
    let instruments = this.instrumentsOf.get(provider);
    if (instruments === undefined) {
      const meter = provider.getMeter(SCOPE_NAME);
      instruments = meter === NOOP_METER ? null : createInstruments(meter);
      this.instrumentsOf.set(provider, instruments);
    }
    return instruments ?? undefined;
  }

  /** Whether anything would be recorded now. */
  active(): boolean {
    return this.tracer() !== undefined || this.instruments() !== undefined;
  }
}

function delegateOf(provider: TracerProvider): TracerProvider {
  return provider instanceof ProxyTracerProvider || typeof (provider as Partial<ProxyTracerProvider>).getDelegate === 'function'
    ? (provider as ProxyTracerProvider).getDelegate()
    : provider;
}
