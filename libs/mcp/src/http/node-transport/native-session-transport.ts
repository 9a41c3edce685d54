import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
  isJsonContentType,
  parseJSONRPCMessage,
  SUPPORTED_PROTOCOL_VERSIONS,
  type EventStore,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
  type Transport,
  type TransportSendOptions,
} from '@modelcontextprotocol/server';
import { recordClientAddress } from '../../context/client-address.js';
import { HttpRefusals, type HttpRefusal } from '../../protocol/error-catalogue.js';
import { headerValue, McpHeader } from '../../protocol/http-headers.js';
import { LazyMap } from '../../server/lazy-collections.js';
import { isInitializeMessage, isRequestMessage, isResponseMessage } from '../../protocol/message-kinds.js';
import { messagesOf, writeJson, writeRefusal } from '../json-rpc-reply.js';
import { NodeRequestView } from './node-request-view.js';
import type { McpNodeRequest, NodeSessionTransport, SessionHandshake, SessionMessageRoute, SessionTransportOptions } from './node-transports.js';
import { SseStream } from './sse-stream.js';

/** The SDK's limit on the messages of one JSON-RPC batch. */
const MAX_BATCH_SIZE = 100;
/** The id of a request another instance's copy of a session sent: its `requestIdPrefix` (8 hex digits), `-`, a number. */
const PREFIXED_ID = /^[0-9a-f]{8}-\d{1,15}$/;
/** Requests to the client remembered as open (one the client never answers is forgotten after this many more). */
const MAX_OPEN_QUESTIONS = 1_000;
/** The event-store stream of the session's GET stream (the SDK's name, so stores written by either agree). */
const STANDALONE_STREAM = '_GET_stream';

export interface NativeSessionOptions extends SessionTransportOptions {
  /** Answer each POST with one JSON body instead of an event stream (messages sent before the answer are dropped). */
  jsonResponses: boolean;
  keepAliveMs: number;
  /** The `retry:` hint of priming events. */
  retryIntervalMs?: number;
}

/** Where the messages related to the requests of one POST go: its response, until every request is answered. */
interface PostStream {
  /** The requests it carries (undefined for a stream resumed with `Last-Event-ID`: those are looked up). */
  readonly requestIds?: readonly RequestId[];
  readonly sse?: SseStream;
  readonly json?: ServerResponse;
  /** A request the transport made itself (the handshake replayed on resume): the answer goes here. */
  readonly internal?: (answer: JSONRPCMessage) => void;
  /** Event ids written to the stream by a replay, not to be written again. */
  readonly replayed?: ReadonlySet<string>;
}

/**
 * A 2025-era streamable HTTP session (or one stateless exchange) served on Node's request and response objects,
 * and the SDK transport its server is connected to. It keeps the SDK transport's protocol (status codes, messages,
 * resumability with an event store, one GET stream per session) without turning each exchange into a web
 * `Request` and `Response`: a JSON answer is one write, an event stream is written as events are sent.
 */
export class NativeSessionTransport implements NodeSessionTransport, Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  sessionId: string | undefined;

  private initialized = false;
  private closed = false;
  private supportedVersions: readonly string[] = SUPPORTED_PROTOCOL_VERSIONS;
  private readonly streams = new LazyMap<string, PostStream>();
  private readonly streamOfRequest = new LazyMap<RequestId, string>();
  private readonly answers = new LazyMap<RequestId, JSONRPCMessage>();
  /**
   * Requests the server sent the client (elicitation, sampling, roots) not answered yet, by the id they were sent
   * with, to the id the server gave them; the oldest are forgotten first.
   */
  private readonly asked = new LazyMap<RequestId, RequestId>();
  private nextStream = 0;

  constructor(private readonly options: NativeSessionOptions) {}

  get transport(): Transport {
    return this;
  }

  get busy(): boolean {
    return this.streams.size > 0 || this.streamOfRequest.size > 0;
  }

  async start(): Promise<void> {}

  /** A client message another instance received for this copy of the session. */
  receive(message: JSONRPCMessage): void {
    this.onmessage?.(this.received(message));
  }

  /**
   * Where a client's answer or cancellation is for: this copy of the session (it asked, or runs the call), another
   * copy on another instance, or none (an answer whose id no instance could have given: not worth relaying).
   */
  routeOf(message: JSONRPCMessage): SessionMessageRoute {
    if (isResponseMessage(message)) {
      if (message.id !== undefined && this.asked.has(message.id)) return 'here';
      const prefix = this.options.requestIdPrefix;
      if (prefix === undefined) return 'elsewhere';
      return typeof message.id === 'string' && PREFIXED_ID.test(message.id) && !message.id.startsWith(`${prefix}-`) ? 'elsewhere' : 'nowhere';
    }
    const cancelled = (message as { params?: { requestId?: unknown } }).params?.requestId;
    return (typeof cancelled === 'string' || typeof cancelled === 'number') && this.streamOfRequest.has(cancelled) ? 'here' : 'elsewhere';
  }

  setSupportedProtocolVersions(versions: string[]): void {
    this.supportedVersions = versions;
  }

  async handle(req: McpNodeRequest, res: ServerResponse, body: unknown): Promise<void> {
    if (this.closed) return writeRefusal(res, HttpRefusals.sessionNotFound);
    switch (req.method) {
      case 'POST':
        return this.post(req, res, body);
      case 'GET':
        return this.get(req, res);
      case 'DELETE':
        return this.delete(req, res);
      default:
        return writeRefusal(res, HttpRefusals.noSessions);
    }
  }

  /** Replays `initialize` (the client's recorded version, capabilities and identity) and `notifications/initialized`. */
  async resume(handshake: SessionHandshake): Promise<void> {
    this.sessionId = handshake.id;
    this.initialized = true;
    const answer = await this.askInternally({
      jsonrpc: '2.0',
      id: `resume-${handshake.id}`,
      method: 'initialize',
      params: {
        protocolVersion: handshake.protocolVersion ?? DEFAULT_NEGOTIATED_PROTOCOL_VERSION,
        capabilities: handshake.clientCapabilities ?? {},
        clientInfo: handshake.clientInfo ?? { name: 'resumed-session', version: '0.0.0' },
      },
    });
    if ('error' in answer) throw new Error(`Could not resume session: ${answer.error.message}`);
    this.onmessage?.({ jsonrpc: '2.0', method: 'notifications/initialized' }, {});
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams.values()) stream.sse?.end();
    this.streams.clear();
    this.answers.clear();
    this.asked.clear();
    this.onclose?.();
  }

  async send(sent: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const message = isRequestMessage(sent) ? this.asking(sent) : sent;
    const answer = isResponseMessage(message);
    const requestId = answer ? message.id : options?.relatedRequestId;
    if (requestId === undefined) return this.sendUnrelated(message);
    const streamId = this.streamOfRequest.get(requestId);
    if (streamId === undefined) throw new Error(`No connection established for request ID: ${String(requestId)}`);
    let stream = this.streams.get(streamId);
    if (stream?.internal) {
      if (answer) this.settle(streamId, [requestId], () => stream?.internal?.(message));
      return;
    }
    if (!this.options.jsonResponses) {
      let eventId: string | undefined;
      if (this.options.eventStore) {
        eventId = await this.options.eventStore.storeEvent(streamId, message);
        stream = this.streams.get(streamId);
      }
      if (stream?.sse && (eventId === undefined || !stream.replayed?.has(eventId))) stream.sse.event(message, eventId);
    }
    if (!answer) return;
    this.answers.set(requestId, message);
    const requestIds = stream?.requestIds ?? this.requestsOfStream(streamId);
    if (!requestIds.every((id) => this.answers.has(id))) return;
    if (!stream) {
      this.settle(streamId, requestIds);
      if (this.options.jsonResponses) throw new Error(`No connection established for request ID: ${String(requestId)}`);
      if (!this.options.eventStore) {
        this.onerror?.(new Error(`Response for request ID ${String(requestId)} is undeliverable: per-request stream is disconnected and no eventStore is configured`));
      }
      return;
    }
    const answers = requestIds.map((id) => this.answers.get(id)!);
    this.settle(streamId, requestIds, () => {
      if (stream?.json) this.writeJson(stream.json, answers.length === 1 ? answers[0] : answers);
      stream?.sse?.end();
    });
  }

  private async post(req: McpNodeRequest, res: ServerResponse, body: unknown): Promise<void> {
    const accept = req.headers.accept;
    if (!accept?.includes('application/json') || !accept.includes('text/event-stream')) return this.refuse(res, HttpRefusals.notAcceptable);
    if (!isJsonContentType(req.headers['content-type'])) return this.refuse(res, HttpRefusals.unsupportedMediaType);
    if (Array.isArray(body) && body.length > MAX_BATCH_SIZE) return this.refuse(res, HttpRefusals.batchTooLarge(MAX_BATCH_SIZE));
    const messages = messagesIn(body);
    if (!messages) return this.refuse(res, HttpRefusals.notJsonRpc);
    const initialize = messages.find(isInitializeMessage);
    if (initialize) {
      if (this.initialized && this.sessionId !== undefined) return this.refuse(res, HttpRefusals.alreadyInitialized);
      if (messages.length > 1) return this.refuse(res, HttpRefusals.initializeAlone);
      this.sessionId = this.options.sessionId;
      this.initialized = true;
      if (this.sessionId !== undefined) await this.options.onInitialized?.(this.sessionId);
    } else {
      const refusal = this.sessionRefusal(req);
      if (refusal) return this.refuse(res, refusal);
    }
    if (this.closed) return writeRefusal(res, HttpRefusals.sessionNotFound);
    const view = new NodeRequestView(req);
    recordClientAddress(view, req.clientAddress);
    const requestIds = messages.filter(isRequestMessage).map((message) => message.id);
    // Answers find their POST by request id: a second request with the id of one in progress would take its answer.
    const reused = requestIds.find((id, index) => this.streamOfRequest.has(id) || requestIds.indexOf(id) !== index);
    if (reused !== undefined) return this.refuse(res, HttpRefusals.requestIdInUse(reused));
    const inbound = messages.map((message) => this.received(message));
    if (!requestIds.length) {
      for (const message of inbound) this.onmessage?.(message, { authInfo: req.auth, request: view.asRequest() });
      res.writeHead(202).end();
      return;
    }
    const streamId = this.options.eventStore ? randomUUID() : String(this.nextStream++);
    if (this.options.jsonResponses) {
      this.open(streamId, { requestIds, json: res }, requestIds);
      for (const message of inbound) this.onmessage?.(message, { authInfo: req.auth, request: view.asRequest() });
      return;
    }
    const sse = new SseStream(res, this.sessionId);
    this.open(streamId, { requestIds, sse }, requestIds);
    const version = initialize ? initialize.params.protocolVersion : (headerValue(req.headers, McpHeader.protocolVersion) ?? DEFAULT_NEGOTIATED_PROTOCOL_VERSION);
    const resumable = this.resumable(version);
    if (resumable) await this.prime(sse, streamId);
    for (const message of inbound) {
      const extra: MessageExtraInfo = { authInfo: req.auth, request: view.asRequest() };
      if (resumable && isRequestMessage(message)) {
        extra.closeSSEStream = () => this.closeStream(message.id);
        extra.closeStandaloneSSEStream = () => this.closeStandaloneStream();
      }
      this.onmessage?.(message, extra);
    }
    if (this.streams.get(streamId)?.sse === sse) sse.keepAliveEvery(this.options.keepAliveMs);
  }

  private async get(req: McpNodeRequest, res: ServerResponse): Promise<void> {
    if (!req.headers.accept?.includes('text/event-stream')) return this.refuse(res, HttpRefusals.streamNotAcceptable);
    const refusal = this.sessionRefusal(req);
    if (refusal) return this.refuse(res, refusal);
    const lastEventId = headerValue(req.headers, 'last-event-id');
    if (this.options.eventStore && lastEventId) return this.replay(this.options.eventStore, lastEventId, res);
    if (this.streams.has(STANDALONE_STREAM)) return this.refuse(res, HttpRefusals.streamConflict);
    const sse = new SseStream(res, this.sessionId);
    this.open(STANDALONE_STREAM, { sse });
    sse.keepAliveEvery(this.options.keepAliveMs);
  }

  private async delete(req: McpNodeRequest, res: ServerResponse): Promise<void> {
    const refusal = this.sessionRefusal(req);
    if (refusal) return this.refuse(res, refusal);
    try {
      if (this.sessionId !== undefined) await this.options.onClosed?.(this.sessionId);
      res.writeHead(200).end();
    } finally {
      await this.close();
    }
  }

  /** A GET with `Last-Event-ID`: the events stored after it, then the stream goes on where it left off. */
  private async replay(store: EventStore, lastEventId: string, res: ServerResponse): Promise<void> {
    let sse: SseStream | undefined;
    try {
      if (store.getStreamIdForEventId) {
        const known = await store.getStreamIdForEventId(lastEventId);
        if (!known) return this.refuse(res, HttpRefusals.unknownEventId);
        if (this.streams.has(known)) return this.refuse(res, HttpRefusals.streamActive);
      }
      const opened = new SseStream(res, this.sessionId);
      sse = opened;
      const replayed = new Set<string>();
      const streamId = await store.replayEventsAfter(lastEventId, {
        send: async (eventId, message) => {
          replayed.add(eventId);
          if (!opened.event(message, eventId)) opened.end();
        },
      });
      if (this.closed || !opened.open) return opened.end();
      this.streams.get(streamId)?.sse?.end();
      this.open(streamId, { sse: opened, replayed });
      // A stream whose requests were all answered has nothing more to carry.
      if (streamId !== STANDALONE_STREAM && !this.requestsOfStream(streamId).length) {
        this.streams.delete(streamId);
        return opened.end();
      }
      opened.keepAliveEvery(this.options.keepAliveMs);
    } catch (error) {
      this.onerror?.(error as Error);
      if (sse) return sse.end();
      writeRefusal(res, HttpRefusals.replayFailed);
    }
  }

  /** Registers a stream; the client going away forgets it (later messages are kept by the event store, if any). */
  private open(streamId: string, stream: PostStream, requestIds: readonly RequestId[] = []): void {
    this.streams.set(streamId, stream);
    for (const id of requestIds) this.streamOfRequest.set(id, streamId);
    if (stream.sse) {
      stream.sse.onclose = () => {
        if (this.streams.get(streamId) === stream) this.streams.delete(streamId);
      };
    }
  }

  /** Every request of the stream answered: its records go, then `done` delivers the answers. */
  private settle(streamId: string, requestIds: readonly RequestId[], done?: () => void): void {
    for (const id of requestIds) {
      this.answers.delete(id);
      this.streamOfRequest.delete(id);
    }
    this.streams.delete(streamId);
    done?.();
  }

  private requestsOfStream(streamId: string): RequestId[] {
    const ids: RequestId[] = [];
    for (const [id, stream] of this.streamOfRequest) if (stream === streamId) ids.push(id);
    return ids;
  }

  /** A message related to no request: on the GET stream (and into the event store, for a later resumption). */
  private async sendUnrelated(message: JSONRPCMessage): Promise<void> {
    if (isResponseMessage(message)) throw new Error('Cannot send a response on a standalone SSE stream unless resuming a previous client request');
    const eventId = this.options.eventStore ? await this.options.eventStore.storeEvent(STANDALONE_STREAM, message) : undefined;
    const standalone = this.streams.get(STANDALONE_STREAM);
    if (standalone?.sse && (eventId === undefined || !standalone.replayed?.has(eventId))) standalone.sse.event(message, eventId);
  }

  /**
   * A request to the client, remembered until answered; with `requestIdPrefix`, sent as `<prefix>-<id>`: copies of one
   * session on several instances number their requests alike, and the prefix tells which of them an answer is for.
   */
  private asking<T extends JSONRPCMessage & { id: RequestId }>(request: T): T {
    const prefix = this.options.requestIdPrefix;
    const id = prefix === undefined ? request.id : `${prefix}-${String(request.id)}`;
    this.asked.set(id, request.id);
    if (this.asked.size > MAX_OPEN_QUESTIONS) this.asked.delete(this.asked.keys().next().value as RequestId);
    return prefix === undefined ? request : { ...request, id };
  }

  /** A client message as the server expects it: an answer carries the id the server gave its request. */
  private received(message: JSONRPCMessage): JSONRPCMessage {
    if (!isResponseMessage(message) || message.id === undefined || !this.asked.has(message.id)) return message;
    const id = this.asked.get(message.id) as RequestId;
    this.asked.delete(message.id);
    return { ...message, id };
  }

  private askInternally(request: JSONRPCMessage & { id: RequestId }): Promise<JSONRPCMessage> {
    return new Promise((resolve) => {
      this.open(`internal-${String(request.id)}`, { internal: resolve }, [request.id]);
      this.onmessage?.(request, {});
    });
  }

  /** Why a request that is not `initialize` cannot be served on this session; undefined when it can. */
  private sessionRefusal(req: McpNodeRequest): HttpRefusal | undefined {
    if (this.options.sessionId !== undefined) {
      if (!this.initialized) return HttpRefusals.notInitialized;
      const sessionId = headerValue(req.headers, McpHeader.sessionId);
      if (!sessionId) return HttpRefusals.sessionIdRequired;
      if (sessionId !== this.sessionId) return HttpRefusals.sessionNotFound;
    }
    const version = headerValue(req.headers, McpHeader.protocolVersion);
    if (version !== undefined && !this.supportedVersions.includes(version)) return HttpRefusals.unsupportedProtocolVersion(version, this.supportedVersions);
    return undefined;
  }

  /** Priming events carry empty data, which clients before 2025-11-25 cannot read. */
  private resumable(protocolVersion: string): boolean {
    return this.options.eventStore !== undefined && this.supportedVersions.includes(protocolVersion) && protocolVersion >= '2025-11-25';
  }

  private async prime(sse: SseStream, streamId: string): Promise<void> {
    const eventId = await this.options.eventStore!.storeEvent(streamId, {} as JSONRPCMessage);
    sse.prime(eventId, this.options.retryIntervalMs);
  }

  /** `ctx.closeStream()`: ends a call's stream early; the client resumes it with `Last-Event-ID`. */
  private closeStream(requestId: RequestId): void {
    const streamId = this.streamOfRequest.get(requestId);
    const stream = streamId === undefined ? undefined : this.streams.get(streamId);
    if (!stream) return;
    this.streams.delete(streamId!);
    stream.sse?.end();
  }

  private closeStandaloneStream(): void {
    this.streams.get(STANDALONE_STREAM)?.sse?.end();
    this.streams.delete(STANDALONE_STREAM);
  }

  private writeJson(res: ServerResponse, payload: unknown): void {
    if (res.headersSent || res.destroyed) return;
    writeJson(res, 200, JSON.stringify(payload), this.sessionId === undefined ? undefined : { [McpHeader.sessionId]: this.sessionId });
  }

  /** As the SDK's transport does: the refusal goes to `onerror` (logged when the exchange ends in a 5xx) and the client. */
  private refuse(res: ServerResponse, refusal: HttpRefusal): void {
    this.onerror?.(new Error(refusal.message));
    writeRefusal(res, refusal);
  }
}

/**
 * The messages of a parsed body. Requests and notifications were checked by the inbound screen; anything else (a
 * response to the server's request, or not a message at all) is checked against the SDK's message schema here.
 * Undefined when the body is not JSON-RPC.
 */
function messagesIn(body: unknown): JSONRPCMessage[] | undefined {
  const messages: JSONRPCMessage[] = [];
  for (const candidate of messagesOf(body)) {
    if (hasMethod(candidate)) {
      messages.push(candidate as JSONRPCMessage);
      continue;
    }
    try {
      messages.push(parseJSONRPCMessage(candidate));
    } catch {
      return undefined;
    }
  }
  return messages;
}

function hasMethod(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { method?: unknown }).method === 'string';
}
