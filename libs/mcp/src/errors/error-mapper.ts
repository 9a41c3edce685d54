import { ProtocolError, ProtocolErrorCode, type CallToolResult } from '@modelcontextprotocol/server';
import { HttpException, HttpStatus, Inject, Injectable, IntrinsicException, Logger, Optional } from '@nestjs/common';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import { McpErrorStats, type McpErrorKind } from './error-stats.js';
import { McpError } from './mcp-error.js';
import { toolErrorResult } from './tool-error-result.js';
import { noteToolFailure } from './transient.error.js';
import { ToolError } from './tool-error.js';

const MASKED_MESSAGE = 'Internal error';

/** The component kind a request method addresses, or `'request'` for the methods that address none. */
const KIND_OF_METHOD: Readonly<Record<string, McpErrorKind>> = {
  'tools/call': 'tool',
  'resources/read': 'resource',
  'prompts/get': 'prompt',
  'completion/complete': 'completion',
};

/**
 * Turns what a handler threw into what the client sees, with one policy for every kind of handler: deliberate
 * errors (`McpError`, `ToolError`, an `HttpException` below 500) are answered as they are; any other error is
 * unexpected: counted (`McpErrorStats`), logged once with its stack, and masked as `Internal error` when
 * `maskErrors` is on. Tools answer with an `isError` result, everything else with a JSON-RPC error.
 */
@Injectable()
export class McpErrorMapper {
  private readonly logger = new Logger('Mcp');
  private readonly maskErrors: boolean;

  constructor(
    @Inject(MCP_OPTIONS) options: Pick<McpResolvedOptions, 'maskErrors'>,
    @Optional() private readonly stats: McpErrorStats = new McpErrorStats(),
  ) {
    this.maskErrors = options.maskErrors;
  }

  /** Tool errors are results the model can read (`isError: true`); deliberate protocol errors stay protocol errors. */
  toToolResult(error: unknown, toolName: string): CallToolResult {
    if (error instanceof ProtocolError) throw error;
    noteToolFailure(error);
    return toolErrorResult(this.messageOf(error, `tool "${toolName}"`, 'tool', true));
  }

  /** A tool returned a value its output schema rejects: a bug of the server, unexpected like a thrown error. */
  toolOutputMismatch(toolName: string, issues: string): CallToolResult {
    const mismatch = new Error(`Tool "${toolName}" returned output that does not match its output schema:\n${issues}`);
    return toolErrorResult(this.messageOf(mismatch, `tool "${toolName}"`, 'tool', false));
  }

  /** A resource's failure. Not found, by a `NotFoundException` or a bare `-32002`, answers as an unknown URI does. */
  toResourceError(error: unknown, uri: string): ProtocolError {
    const what = `resource "${uri}"`;
    if (error instanceof HttpException && error.getStatus() === HttpStatus.NOT_FOUND) return McpError.resourceNotFound(uri, this.messageOf(error, what, 'resource', true));
    if (error instanceof ProtocolError && error.code === ProtocolErrorCode.ResourceNotFound && !hasUri(error.data)) {
      return McpError.resourceNotFound(uri, error.message);
    }
    return this.toProtocolError(error, what, 'resource');
  }

  /** Resources, prompts and completions have no error results: everything becomes a JSON-RPC error. */
  toProtocolError(error: unknown, what: string, kind: McpErrorKind = 'request'): ProtocolError {
    return this.protocolErrorOf(error, what, kind, true);
  }

  /**
   * What a request handler outside the component pipelines (lists, subscriptions, `logging/setLevel`, tasks) or an
   * MCP middleware threw. An error carrying a JSON-RPC code is sent as it is; nothing has logged the rest yet (no
   * Nest exception filter saw them).
   */
  toRequestError(error: unknown, method: string): unknown {
    if (hasJsonRpcCode(error)) return error;
    return this.protocolErrorOf(error, method, KIND_OF_METHOD[method] ?? 'request', false);
  }

  private protocolErrorOf(error: unknown, what: string, kind: McpErrorKind, fromPipeline: boolean): ProtocolError {
    if (error instanceof ProtocolError) return error;
    if (error instanceof HttpException) return new McpError(codeForStatus(error.getStatus()), this.messageOf(error, what, kind, fromPipeline));
    return McpError.internal(this.messageOf(error, what, kind, fromPipeline));
  }

  /**
   * `fromPipeline`: the error was thrown inside a component's Nest pipeline, whose default exception filter has
   * already logged it with its stack when it is an `Error` that is not an `IntrinsicException`.
   */
  private messageOf(error: unknown, what: string, kind: McpErrorKind, fromPipeline: boolean): string {
    if (error instanceof ToolError) return error.message;
    if (error instanceof HttpException && error.getStatus() < HttpStatus.INTERNAL_SERVER_ERROR) return httpExceptionMessage(error);
    this.stats.record(kind);
    const loggedByNest = fromPipeline && error instanceof Error && !(error instanceof IntrinsicException);
    if (!loggedByNest) this.logger.error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`, error instanceof Error ? error.stack : undefined);
    if (this.maskErrors) return MASKED_MESSAGE;
    if (error instanceof HttpException) return httpExceptionMessage(error);
    return error instanceof Error ? error.message : String(error);
  }
}

/** The JSON-RPC code a client gets for what a request handler or middleware threw (see `toRequestError`). */
export function jsonRpcCodeOf(error: unknown): number {
  if (hasJsonRpcCode(error)) return error.code;
  if (error instanceof HttpException) return codeForStatus(error.getStatus());
  return ProtocolErrorCode.InternalError;
}

function hasJsonRpcCode(error: unknown): error is { code: number } {
  return Number.isSafeInteger((error as { code?: unknown } | null)?.code);
}

function httpExceptionMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('\n');
  return typeof message === 'string' ? message : error.message;
}

function hasUri(data: unknown): boolean {
  return typeof (data as { uri?: unknown } | undefined)?.uri === 'string';
}

function codeForStatus(status: number): number {
  if (status === HttpStatus.NOT_FOUND || status === HttpStatus.BAD_REQUEST || status === HttpStatus.UNPROCESSABLE_ENTITY) {
    return ProtocolErrorCode.InvalidParams;
  }
  if (status === HttpStatus.NOT_IMPLEMENTED) return ProtocolErrorCode.MethodNotFound;
  return status < HttpStatus.INTERNAL_SERVER_ERROR ? ProtocolErrorCode.InvalidRequest : ProtocolErrorCode.InternalError;
}
