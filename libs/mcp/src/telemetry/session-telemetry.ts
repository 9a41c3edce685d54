import type { Server } from '@modelcontextprotocol/server';
import { Injectable } from '@nestjs/common';
import type { Attributes } from '@opentelemetry/api';
import type { McpTransportKind } from '../interfaces/mcp-context.interface.js';
import { McpOtel } from './mcp-otel.js';
import { addNetwork } from './message-attributes.js';
import { ATTR } from './semconv.js';

/** One 2025-11-25 session held by this process, as its metrics see it. */
export interface SessionMeter {
  /**
   * The process lets go of the session: `ended` when the session itself ended (DELETE, idle, transport closed),
   * false when only this process stops holding it (shutdown with a shared store). Only the first call counts.
   */
  closed(ended: boolean): void;
}

const UNMEASURED: SessionMeter = { closed: () => undefined };

export interface SessionOpening {
  transport: McpTransportKind;
  protocolVersion: string | undefined;
  /** A session opened on another instance and resumed here: counted as open, its duration left to its opener. */
  resumed?: boolean;
}

/**
 * `mcp.server.session.active` (sessions held by this process) and `mcp.server.session.duration` (recorded once, by
 * the instance that opened the session, when it ends). 2025-11-25 sessions only: 2026-07-28 has none.
 */
@Injectable()
export class McpSessionTelemetry {
  constructor(private readonly otel: McpOtel) {}

  opened({ transport, protocolVersion, resumed = false }: SessionOpening): SessionMeter {
    const instruments = this.otel.instruments();
    if (!instruments) return UNMEASURED;
    const attributes: Attributes = protocolVersion ? { [ATTR.MCP_PROTOCOL_VERSION]: protocolVersion } : {};
    addNetwork(attributes, transport);
    const started = performance.now();
    instruments.activeSessions.add(1, attributes);
    let open = true;
    return {
      closed: (ended) => {
        if (!open) return;
        open = false;
        instruments.activeSessions.add(-1, attributes);
        if (ended && !resumed) instruments.sessionDuration.record((performance.now() - started) / 1000, attributes);
      },
    };
  }
}

/**
 * Meters the 2025-11-25 session of a server that is its own connection (stdio, in memory): open from the client's
 * `notifications/initialized` until the connection closes.
 */
export function meterConnectionSession(server: Server, telemetry: McpSessionTelemetry, transport: McpTransportKind): void {
  let meter: SessionMeter | undefined;
  const initialized = server.oninitialized;
  server.oninitialized = () => {
    meter ??= telemetry.opened({ transport, protocolVersion: server.getNegotiatedProtocolVersion() });
    initialized?.();
  };
  const closed = server.onclose;
  server.onclose = () => {
    meter?.closed(true);
    closed?.();
  };
}
