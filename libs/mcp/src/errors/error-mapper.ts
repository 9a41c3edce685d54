import { ProtocolError, ProtocolErrorCode, type CallToolResult } from '@modelcontextprotocol/server';
import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import { McpError } from './mcp-error.js';
import { ToolError } from './tool-error.js';

const MASKED_MESSAGE = 'Internal error';

/** Turns what a handler pipeline threw into what the client should see. */
@Injectable()
export class McpErrorMapper {
  private readonly logger = new Logger('Mcp');
  private readonly maskErrors: boolean;

  constructor(@Inject(MCP_OPTIONS) options: Pick<McpResolvedOptions, 'maskErrors'>) {
    this.maskErrors = options.maskErrors;
  }

  /** Tool errors are results the model can read (`isError: true`); deliberate protocol errors stay protocol errors. */
  toToolResult(error: unknown, toolName: string): CallToolResult {
    if (error instanceof ProtocolError) throw error;
    return { content: [{ type: 'text', text: this.messageOf(error, `tool "${toolName}"`) }], isError: true };
  }

  /** A resource's failure. Not found, by a `NotFoundException` or a bare `-32002`, answers as an unknown URI does. */
  toResourceError(error: unknown, uri: string): ProtocolError {
    const what = `resource "${uri}"`;
    if (error instanceof HttpException && error.getStatus() === HttpStatus.NOT_FOUND) return McpError.resourceNotFound(uri, this.messageOf(error, what));
    if (error instanceof ProtocolError && error.code === ProtocolErrorCode.ResourceNotFound && !hasUri(error.data)) {
      return McpError.resourceNotFound(uri, error.message);
    }
    return this.toProtocolError(error, what);
  }

  /** Resources and prompts have no error results: everything becomes a JSON-RPC error. */
  toProtocolError(error: unknown, what: string): ProtocolError {
    if (error instanceof ProtocolError) return error;
    if (error instanceof HttpException) return new McpError(codeForStatus(error.getStatus()), this.messageOf(error, what));
    return McpError.internal(this.messageOf(error, what));
  }

  private messageOf(error: unknown, what: string): string {
    if (error instanceof HttpException) {
      const status = error.getStatus();
      if (status >= HttpStatus.INTERNAL_SERVER_ERROR) this.logger.error(`${what} failed: ${error.message}`, error.stack);
      return status >= HttpStatus.INTERNAL_SERVER_ERROR && this.maskErrors ? MASKED_MESSAGE : httpExceptionMessage(error);
    }
    if (error instanceof ToolError) return error.message;
    // Nest's external exception filter has already logged it with its stack.
    return this.maskErrors ? MASKED_MESSAGE : error instanceof Error ? error.message : String(error);
  }
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
