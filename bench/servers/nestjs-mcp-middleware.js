// nestjs-mcp serving the echo tool (and `echo_cached`, its @CacheResult twin) in one of the middleware bench's
// configurations, chosen by CONFIG: plain | default | telemetry | all. Same module as nestjs-mcp.js otherwise.
// IPC: sends { ready, applied } once listening; answers 'stats' with what the process counted (handler runs, log
// lines, spans and metrics recorded) so the bench can tell a middleware that really ran from one that did nothing.
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { registerOtelSdk } from '../lib/otel-sdk.js';

/**
 * The configurations. `module` is spread into McpModule.forRoot; `sdk` registers the OpenTelemetry SDK before the
 * library is loaded; `cacheResult`/`idempotentEcho` decorate the tools. Adjust option names here when the built-ins change.
 */
const CONFIGS = {
  /** The floor: no built-in middleware at all. */
  plain: { module: { telemetry: false } },
  /** Telemetry left on (the default) with no SDK registered: must cost nothing measurable. */
  default: { module: {} },
  /** Telemetry recording real spans and metrics. */
  telemetry: { module: {}, sdk: true },
  /** Every built-in on; none refuses, times out, truncates or retries during the run. */
  all: {
    module: {
      callLog: true,
      rateLimit: { capacity: 1_000_000_000, refillMs: 1000 },
      timeouts: { toolMs: 30_000 },
      resultLimit: { maxBytes: 1_000_000 },
      resultCache: { maxEntries: 1000 },
      // Retries tools declared idempotent when they throw a TransientError: echo is declared so and never throws.
      retry: { attempts: 3 },
    },
    sdk: true,
    cacheResult: { ttlMs: 60_000 },
    idempotentEcho: true,
  },
};

const configName = process.env.CONFIG ?? 'plain';
const config = CONFIGS[configName];
if (!config) throw new Error(`CONFIG must be one of ${Object.keys(CONFIGS).join(', ')}, not ${configName}`);

const otelRecorded = config.sdk ? registerOtelSdk() : undefined;
// Loaded after the SDK is registered, as an app loading its tracing set-up first would.
const { Arg, McpModule, Tool, ...library } = await import('nestjs-mcp');

/** What was wired, for the report: a built-in whose decorator is not exported yet is listed as missing. */
const applied = { config: configName, sdk: Boolean(config.sdk), moduleOptions: config.module, cacheResult: config.cacheResult, missing: [] };
const counts = { echo: 0, echo_cached: 0, logLines: 0 };

class EchoTools {
  echo(text) {
    counts.echo++;
    return text;
  }

  echo_cached(text) {
    counts.echo_cached++;
    return text;
  }
}

function declareTool(method, options, extraDecorators = []) {
  Reflect.defineMetadata('design:paramtypes', [String], EchoTools.prototype, method);
  Arg('text')(EchoTools.prototype, method, 0);
  const descriptor = Object.getOwnPropertyDescriptor(EchoTools.prototype, method);
  Reflect.decorate([Tool(options), ...extraDecorators], EchoTools.prototype, method, descriptor);
}

// Retry applies to tools declared idempotent; the handler never fails, so it never retries (the cost is its wrapping).
const echoAnnotations = config.idempotentEcho ? { annotations: { idempotentHint: true } } : {};
declareTool('echo', { description: 'Echo', ...echoAnnotations });
const cacheDecorators = [];
if (config.cacheResult) {
  if (typeof library.CacheResult === 'function') cacheDecorators.push(library.CacheResult(config.cacheResult));
  else applied.missing.push('CacheResult');
}
declareTool('echo_cached', { description: 'Echo, cached', ...echoAnnotations }, cacheDecorators);
Injectable()(EchoTools);

/** Keeps the console out of the measurement: per-request lines (the call log) are counted and dropped. */
const countingNoopLogger = {
  log: () => counts.logLines++,
  warn: () => counts.logLines++,
  debug: () => counts.logLines++,
  verbose: () => counts.logLines++,
  error: (...args) => console.error(...args),
  fatal: (...args) => console.error(...args),
};

class BenchModule {}
Module({
  imports: [
    McpModule.forRoot({
      name: 'bench',
      version: '1.0.0',
      responseMode: 'json',
      session: { maxSessions: 100_000, idleTtlMs: 30 * 60 * 1000 },
      ...config.module,
    }),
  ],
  providers: [EchoTools],
})(BenchModule);

const app = await NestFactory.create(BenchModule, new FastifyAdapter(), { logger: countingNoopLogger });
await app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('message', async (message) => {
  if (message === 'exit') process.exit(0);
  if (message === 'stats') {
    const recorded = otelRecorded ? await otelRecorded() : { spansExported: 0, metrics: {} };
    process.send({ stats: { handlerRuns: { echo: counts.echo, echo_cached: counts.echo_cached }, logLines: counts.logLines, ...recorded } });
  }
});
process.send?.({ ready: true, applied });
