import { ProtocolErrorCode } from '@modelcontextprotocol/server';

/** JSON-RPC codes of the streamable HTTP transport that the SDK's `ProtocolErrorCode` does not name. */
export const TransportErrorCode = {
  /** The transport's generic server error (JSON-RPC implementation-defined range). */
  ServerError: -32000,
  SessionNotFound: -32001,
  /** 2026-07-28: a routing header (`Mcp-Param-*`) disagrees with the body. */
  HeaderMismatch: -32020,
} as const;

/** JSON-RPC codes of this library's own refusals. */
export const McpRefusalCode = {
  /** The caller lacks what a component requires (scopes, roles, claims); over HTTP with status 403. */
  Forbidden: -32003,
  /** A rate limit (`rateLimit`, `@RateLimit`) refused the request; `data.retryAfterMs` says when to try again. */
  RateLimited: -32029,
} as const;

/** A request refused before the SDK sees it: the whole HTTP response is this JSON-RPC error. */
export interface HttpRefusal {
  /** Stable name, for logs and metrics. */
  readonly name: string;
  readonly status: number;
  readonly code: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

function refusal(name: string, status: number, code: number, message: string, headers?: Record<string, string>): HttpRefusal {
  return headers ? { name, status, code, message, headers } : { name, status, code, message };
}

const { ServerError, SessionNotFound, HeaderMismatch } = TransportErrorCode;
const { InternalError, InvalidRequest, ParseError } = ProtocolErrorCode;

/** Every refusal of the MCP HTTP endpoint, defined once (as Fastify's `lib/errors.js` defines its errors). */
export const HttpRefusals = {
  forbidden: (reason: string) => refusal('MCP_FORBIDDEN', 403, ServerError, `Forbidden: ${reason}`),
  shuttingDown: refusal('MCP_SHUTTING_DOWN', 503, ServerError, 'Service unavailable: this server is shutting down, retry', {
    'retry-after': '1',
    connection: 'close',
  }),
  storeUnavailable: refusal(
    'MCP_STORE_UNAVAILABLE',
    503,
    InternalError,
    'Service unavailable: the session store cannot be reached, retry shortly',
    { 'retry-after': '2' },
  ),
  internal: refusal('MCP_INTERNAL', 500, InternalError, 'Internal error'),
  sessionIdRequired: refusal('MCP_SESSION_ID_REQUIRED', 400, ServerError, 'Bad Request: Mcp-Session-Id header is required'),
  sessionNotFound: refusal('MCP_SESSION_NOT_FOUND', 404, SessionNotFound, 'Session not found'),
  tooManySessions: refusal('MCP_TOO_MANY_SESSIONS', 503, ServerError, 'Service Unavailable: too many sessions, try again later', {
    'retry-after': '5',
  }),
  /** One principal (or, anonymous, one IP address) holds `maxSessionsPerPrincipal` / `maxSessionsPerAddress` sessions. */
  tooManyClientSessions: refusal(
    'MCP_TOO_MANY_CLIENT_SESSIONS',
    429,
    ServerError,
    'Too Many Requests: this client holds too many sessions; end one (HTTP DELETE) or retry later',
    { 'retry-after': '30' },
  ),
  /** `limits.maxListenStreams` 2026-07-28 `subscriptions/listen` streams are open in this process. */
  tooManyListenStreams: refusal(
    'MCP_TOO_MANY_LISTEN_STREAMS',
    503,
    ServerError,
    'Service Unavailable: too many subscriptions/listen streams are open, try again later',
    { 'retry-after': '5' },
  ),
  /** One principal (or, anonymous, one IP address) holds `limits.maxListenStreamsPerClient` listen streams. */
  tooManyClientListenStreams: refusal(
    'MCP_TOO_MANY_CLIENT_LISTEN_STREAMS',
    429,
    ServerError,
    'Too Many Requests: this client holds too many subscriptions/listen streams; close one or retry later',
    { 'retry-after': '30' },
  ),
  /** The request's body did not arrive within `limits.bodyTimeoutMs`; the connection is closed. */
  requestTimeout: refusal('MCP_REQUEST_TIMEOUT', 408, ServerError, 'Request timeout: the request body was not received in time', {
    connection: 'close',
  }),
  /** GET and DELETE address a session; a stateless server has none. */
  noSessions: refusal('MCP_NO_SESSIONS', 405, ServerError, 'Method Not Allowed: this server is stateless', { allow: 'POST' }),
  /** No usable bearer token (none, another scheme, or refused): `challenge` is the `WWW-Authenticate` value. */
  unauthorized: (challenge: string, description: string) =>
    refusal('MCP_UNAUTHORIZED', 401, ServerError, `Unauthorized: ${description}`, { 'www-authenticate': challenge }),
  /** An `Authorization: Bearer` header that is not one RFC 6750 token. */
  malformedAuthorization: (challenge: string, description: string) =>
    refusal('MCP_MALFORMED_AUTHORIZATION', 400, ServerError, `Bad Request: ${description}`, { 'www-authenticate': challenge }),
  /** The token lacks the endpoint's `requiredScopes`. */
  insufficientScope: (challenge: string, description: string) =>
    refusal('MCP_INSUFFICIENT_SCOPE', 403, ServerError, `Forbidden: ${description}`, { 'www-authenticate': challenge }),
  /** The caller lacks what the called component requires; `challenge` set when wider scopes would help. */
  componentForbidden: (message: string, challenge?: string) =>
    refusal('MCP_COMPONENT_FORBIDDEN', 403, McpRefusalCode.Forbidden, message, challenge ? { 'www-authenticate': challenge } : undefined),
  /** The token verifier could not reach the authorization server (JWKS, introspection, discovery). */
  authorizationServerUnavailable: refusal(
    'MCP_AUTHORIZATION_SERVER_UNAVAILABLE',
    503,
    ServerError,
    'Service unavailable: the authorization server cannot be reached to check the token, retry shortly',
    { 'retry-after': '5' },
  ),
  headerMismatch: (detail: string) => refusal('MCP_HEADER_MISMATCH', 400, HeaderMismatch, detail),
  bodyTooLarge: refusal('MCP_BODY_TOO_LARGE', 413, InvalidRequest, 'Request body too large'),
  unsupportedMediaType: refusal(
    'MCP_UNSUPPORTED_MEDIA_TYPE',
    415,
    InvalidRequest,
    'Unsupported Media Type: Content-Type must be application/json',
  ),
  parseError: (detail: string) => refusal('MCP_PARSE_ERROR', 400, ParseError, `Parse error: ${detail}`),
  /** A body that is JSON but not JSON-RPC messages (a string, a number, a malformed response). */
  notJsonRpc: refusal('MCP_PARSE_ERROR', 400, ParseError, 'Parse error: Invalid JSON-RPC message'),
  batchTooLarge: (max: number) => refusal('MCP_BATCH_TOO_LARGE', 400, InvalidRequest, `Invalid Request: Batch must not exceed ${max} messages`),
  /** A request whose id is that of a request of the session still in progress (ids must be unique in a session). */
  requestIdInUse: (id: string | number) =>
    refusal(
      'MCP_REQUEST_ID_IN_USE',
      400,
      InvalidRequest,
      `Invalid Request: request id ${JSON.stringify(id).slice(0, 64)} is already used by a request in progress on this session`,
    ),
  /** A POST whose `Accept` does not take both of the answers a POST may get. */
  notAcceptable: refusal('MCP_NOT_ACCEPTABLE', 406, ServerError, 'Not Acceptable: Client must accept both application/json and text/event-stream'),
  /** A GET whose `Accept` does not take an event stream. */
  streamNotAcceptable: refusal('MCP_NOT_ACCEPTABLE', 406, ServerError, 'Not Acceptable: Client must accept text/event-stream'),
  alreadyInitialized: refusal('MCP_ALREADY_INITIALIZED', 400, InvalidRequest, 'Invalid Request: Server already initialized'),
  initializeAlone: refusal('MCP_INITIALIZE_NOT_ALONE', 400, InvalidRequest, 'Invalid Request: Only one initialization request is allowed'),
  notInitialized: refusal('MCP_NOT_INITIALIZED', 400, ServerError, 'Bad Request: Server not initialized'),
  /** An `MCP-Protocol-Version` header naming a version this server does not serve. */
  unsupportedProtocolVersion: (version: string, supported: readonly string[]) =>
    refusal(
      'MCP_UNSUPPORTED_PROTOCOL_VERSION',
      400,
      ServerError,
      `Bad Request: Unsupported protocol version: ${version.slice(0, 64)} (supported versions: ${supported.join(', ')})`,
    ),
  /** A second standalone GET stream on one session. */
  streamConflict: refusal('MCP_STREAM_CONFLICT', 409, ServerError, 'Conflict: Only one SSE stream is allowed per session'),
  /** A resumption (`Last-Event-ID`) of a stream that is still being written. */
  streamActive: refusal('MCP_STREAM_ACTIVE', 409, ServerError, 'Conflict: Stream already has an active connection'),
  unknownEventId: refusal('MCP_UNKNOWN_EVENT_ID', 400, ServerError, 'Invalid event ID format'),
  replayFailed: refusal('MCP_REPLAY_FAILED', 500, ServerError, 'Error replaying events'),
  /** A message refused by the inbound screen (`MessageRejections`): always the client's fault, so 400. */
  invalidMessage: ({ name, code, message }: MessageRejection) => refusal(name, 400, code, message),
} as const;

/** A JSON-RPC error answering one accepted call that cannot finish. */
export interface CallFailure {
  readonly code: number;
  readonly message: string;
}

/** Every way an accepted call is given up on by the server rather than by its handler, defined once. */
export const CallFailures = {
  /** The grace period of a shutdown ended while the call was still running. */
  shuttingDown: { code: InternalError, message: 'The server is shutting down' },
  /** The instance serving a resumable stream's call died; the stream was resumed elsewhere. */
  instanceStopped: { code: InternalError, message: 'The server instance handling this call stopped before it finished; retry the call' },
  /** The instance running a task died. */
  taskInstanceStopped: { code: InternalError, message: 'The server instance running this task stopped before it finished' },
  /** A task's run threw outside its handler's pipeline. */
  taskCrashed: (message: string): CallFailure => ({ code: InternalError, message }),
  /**
   * A resource read, prompt get or completion outlived its time limit (tools answer with an `isError` result
   * instead). Neither JSON-RPC nor MCP defines a timeout code (the SDK's `-32001` is its own client-side timeout and
   * the transport's session-not-found), so it is `-32603` like other failures on the server's side.
   */
  timedOut: (what: string, ms: number): CallFailure => ({ code: InternalError, message: `${what} timed out after ${ms} ms` }),
  /** A task run outlived its limit (`timeouts.taskMs`, `@McpTimeout({ taskMs })`); the task fails with it. */
  taskTimedOut: (toolName: string, ms: number): CallFailure => ({ code: InternalError, message: `The task of tool "${toolName}" timed out after ${ms} ms` }),
} as const satisfies Record<string, CallFailure | ((...args: never[]) => CallFailure)>;

/** A JSON-RPC message refused on arrival, on every transport, before the SDK or any handler sees it. */
export interface MessageRejection {
  /** Stable name, for logs and metrics. */
  readonly name: string;
  readonly code: number;
  readonly message: string;
}

/** Every reason an inbound message is refused on arrival, defined once (HTTP answers them with 400). */
export const MessageRejections = {
  notJson: { name: 'MCP_PARSE_ERROR', code: ParseError, message: 'Parse error: the message is not valid JSON' },
  notAMessage: { name: 'MCP_INVALID_REQUEST', code: InvalidRequest, message: 'Invalid Request: expected one JSON-RPC message object' },
  /** A stdio line longer than the reader holds; the rest of the line is skipped. */
  tooLarge: (maxBytes: number): MessageRejection => ({
    name: 'MCP_MESSAGE_TOO_LARGE',
    code: InvalidRequest,
    message: `Invalid Request: message larger than ${maxBytes} bytes`,
  }),
  /** Deeper than `limits.maxDepth`: refused before anything walks the message recursively. */
  tooDeep: (maxDepth: number): MessageRejection => ({
    name: 'MCP_TOO_DEEP',
    code: InvalidRequest,
    message: `Invalid Request: nesting deeper than ${maxDepth}`,
  }),
  /** Not a JSON-RPC 2.0 request object (`jsonrpc`, `id`, `method`, unstructured `params`, unknown members). */
  invalidRequest: (detail: string): MessageRejection => ({ name: 'MCP_INVALID_REQUEST', code: InvalidRequest, message: `Invalid Request: ${detail}` }),
  /** A well-formed request whose params do not fit its method (`_meta` included). */
  invalidParams: (method: string, detail: string): MessageRejection => ({
    name: 'MCP_INVALID_PARAMS',
    code: ProtocolErrorCode.InvalidParams,
    message: `Invalid params for ${method}: ${detail}`,
  }),
} as const satisfies Record<string, MessageRejection | ((...args: never[]) => MessageRejection)>;
