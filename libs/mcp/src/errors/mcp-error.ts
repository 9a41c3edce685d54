import { ProtocolError, ProtocolErrorCode, UrlElicitationRequiredError } from '@modelcontextprotocol/server';
import { CallFailures, McpRefusalCode } from '../protocol/error-catalogue.js';

/**
 * A JSON-RPC error to send to the client as it is (code, message, data). Throw it from a handler when the
 * request itself is wrong; any other error thrown by a tool becomes an `isError` tool result.
 */
export class McpError extends ProtocolError {
  static invalidParams(message: string, data?: unknown): McpError {
    return new McpError(ProtocolErrorCode.InvalidParams, message, data);
  }

  static invalidRequest(message: string, data?: unknown): McpError {
    return new McpError(ProtocolErrorCode.InvalidRequest, message, data);
  }

  static methodNotFound(message: string, data?: unknown): McpError {
    return new McpError(ProtocolErrorCode.MethodNotFound, message, data);
  }

  /** What `resources/read` answers for a URI nothing serves (the SDK sends it as `-32602` with `data: { uri }`). */
  static resourceNotFound(uri: string, message = `Resource not found: ${uri}`): McpError {
    return new McpError(ProtocolErrorCode.ResourceNotFound, message, { uri });
  }

  /**
   * The request cannot go on until the user completes these URL elicitations (2025-11-25, `-32042`). Each needs a
   * `message`, a `url` and an `elicitationId`.
   */
  static urlElicitationRequired(elicitations: { message: string; url: string; elicitationId: string }[], message?: string): ProtocolError {
    return new UrlElicitationRequiredError(
      elicitations.map((elicitation) => ({ mode: 'url' as const, ...elicitation })),
      message,
    );
  }

  /** The caller lacks what the component requires (`@RequireScopes`, `@RequireRoles`, `@RequireClaims`). */
  static forbidden(message: string, data?: unknown): McpError {
    return new McpError(McpRefusalCode.Forbidden, message, data);
  }

  /** `what` (e.g. `Resource "notes://1"`) outlived its time limit of `ms`. */
  static timedOut(what: string, ms: number): McpError {
    const { code, message } = CallFailures.timedOut(what, ms);
    return new McpError(code, message, { timeoutMs: ms });
  }

  /**
   * A rate limit refused the request (`-32029`, `data: { retryAfterMs }`). `reason` replaces "Rate limit exceeded"
   * (e.g. when the limiter's store is down and the limit fails closed).
   */
  static rateLimited(retryAfterMs: number, reason = 'Rate limit exceeded'): McpError {
    const seconds = Math.max(0.1, Math.ceil(retryAfterMs / 100) / 10);
    return new McpError(McpRefusalCode.RateLimited, `${reason}: retry after ${seconds} s`, { retryAfterMs });
  }

  static internal(message = 'Internal error', data?: unknown): McpError {
    return new McpError(ProtocolErrorCode.InternalError, message, data);
  }
}
