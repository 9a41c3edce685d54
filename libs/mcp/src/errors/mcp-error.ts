import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';

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

  static resourceNotFound(uri: string): McpError {
    return new McpError(ProtocolErrorCode.ResourceNotFound, `Resource not found: ${uri}`, { uri });
  }

  static internal(message = 'Internal error', data?: unknown): McpError {
    return new McpError(ProtocolErrorCode.InternalError, message, data);
  }
}
