import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo, EventStore, InboundModernRoute, JSONRPCMessage, ServerEventBus, Transport } from '@modelcontextprotocol/server';
import type { SessionRecord } from '../../interfaces/session-store.interface.js';
import type { McpEra } from '../../protocol/eras.js';
import type { HotPathServer } from '../../server/hot-path-server.js';

/**
 * A Node request of the MCP endpoint, with the principal an HTTP guard attached and the client's address as the
 * platform computes it (Fastify's `request.ip`, so `trustProxy` is honoured).
 */
export type McpNodeRequest = IncomingMessage & { auth?: AuthInfo; clientAddress?: string };

/** What another instance needs to take a session over: its id and the client's side of the handshake. */
export type SessionHandshake = Pick<SessionRecord, 'id' | 'protocolVersion' | 'clientCapabilities' | 'clientInfo'>;

export interface SessionTransportOptions {
  /** The session's id; undefined for a stateless exchange (the 2025 stateless option). */
  sessionId: string | undefined;
  /** Resumable streams: priming events, `retry:` hints and replay after `Last-Event-ID`. */
  eventStore?: EventStore;
  /** Runs before the SDK answers `initialize`, once the session exists. */
  onInitialized?: (sessionId: string) => Promise<void>;
  /** The client ended the session (DELETE). */
  onClosed?: (sessionId: string) => Promise<void>;
  /**
   * Requests to the client are sent with ids `<prefix>-<n>`, so that an answer names the instance that asked wherever
   * it lands (copies of one session on several instances would otherwise number their requests alike).
   */
  requestIdPrefix?: string;
}

export type SessionMessageRoute = 'here' | 'elsewhere' | 'nowhere';

/** One 2025-era streamable HTTP session (or one stateless exchange) over Node's HTTP objects. */
export interface NodeSessionTransport {
  /** The SDK transport the session's server connects to (and that carries relayed client messages). */
  readonly transport: Transport;
  /** Set once the session's `initialize` was accepted. */
  readonly sessionId: string | undefined;
  /** A stream is open or a request awaits its answer. */
  readonly busy: boolean;
  /** Where a client's answer or cancellation is for: this copy of the session, a copy on another instance, or none. */
  routeOf(message: JSONRPCMessage): SessionMessageRoute;
  /** A client message another instance received for this copy of the session (relayed). */
  receive(message: JSONRPCMessage): void;
  /** Serves one POST, GET or DELETE of the session. */
  handle(req: McpNodeRequest, res: ServerResponse, body: unknown): Promise<void>;
  /** Takes over a session another instance opened, as if its handshake had happened here. */
  resume(handshake: SessionHandshake): Promise<void>;
  close(): Promise<void>;
}

export interface ModernEndpointOptions {
  /** A fresh server for the era a request was classified as (the hot path keeps one for all its requests). */
  serverFor: (era: McpEra) => HotPathServer;
  /** Feeds `subscriptions/listen` streams. */
  bus: ServerEventBus;
}

/** 2026-07-28 requests: stateless, each served on its own. */
export interface NodeModernEndpoint {
  /** `route`: the request as the SDK's classifier routed it, when it was routed to the modern era. */
  handle(req: McpNodeRequest, res: ServerResponse, body: unknown, route?: InboundModernRoute): Promise<void>;
  close(): Promise<void>;
}

/**
 * The seam between the MCP HTTP layer and the code that speaks streamable HTTP on Node's request and response
 * objects. The rest of `http/` uses only these contracts: another implementation replaces one provider.
 */
export abstract class NodeTransports {
  abstract session(options: SessionTransportOptions): NodeSessionTransport;
  abstract modern(options: ModernEndpointOptions): NodeModernEndpoint;
}
