import type { LogLevel } from '@nestjs/common';

/**
 * One structured log line per MCP request, through Nest's `Logger` (so `app.useLogger(...)` with pino or winston
 * picks it up). `McpModule.forRoot({ callLog: true })` takes every default.
 */
export interface McpCallLogOptions {
  /** Logger context. Default `'McpCall'`. */
  context?: string;
  /** Level of successful requests. Tool errors are logged at `warn`, protocol errors at `warn` (`error` for internal ones). Default `'log'`. */
  level?: Extract<LogLevel, 'log' | 'debug' | 'verbose'>;
  /** Methods not logged, e.g. `['ping']`. Default none. */
  ignoreMethods?: readonly string[];
  /** Log client notifications too (`notifications/initialized`, `notifications/cancelled`, ...). Default false. */
  notifications?: boolean;
  /** Log the arguments (redacted). Default false. */
  logArguments?: boolean;
  /** Log the results (redacted). Default false. */
  logResults?: boolean;
  /**
   * Keys whose values are replaced by `'[redacted]'` in logged arguments and results, matched case-insensitively
   * as parts of key names. Default: password, passwd, secret, token, authorization, cookie, apikey, api_key,
   * credential, privatekey, private_key. Give your own list to replace it.
   */
  redactKeys?: readonly string[];
  /** Logged arguments and results are cut to this many characters of JSON. Default 2,048. */
  maxValueLength?: number;
}

/** What a call log line holds. Pino and winston loggers render its fields; Nest's `ConsoleLogger` prints `msg`. */
export interface McpCallLogEntry {
  /** The readable line: `tools/call echo ok 1.2ms`. */
  readonly msg: string;
  readonly method: string;
  /** Tool, prompt or completion target name (a resource's template), when the request addresses a component. */
  readonly name?: string;
  /** The URI of `resources/read`, `resources/subscribe` and `resources/unsubscribe`. */
  readonly uri?: string;
  readonly type: 'request' | 'notification';
  readonly durationMs: number;
  /** `ok`, `tool_error` (a tool's `isError` result) or `error` (a JSON-RPC error). */
  readonly outcome: 'ok' | 'tool_error' | 'error';
  /** The JSON-RPC error code sent, when `outcome` is `error`. */
  readonly code?: number;
  /** The error message sent to the client (already masked when `maskErrors` is on). */
  readonly error?: string;
  /** The principal's subject (or client id); never its token. */
  readonly principal?: string;
  readonly sessionId?: string;
  readonly requestId?: string | number;
  readonly era: string;
  readonly transport: string;
  readonly arguments?: unknown;
  readonly result?: unknown;
}
