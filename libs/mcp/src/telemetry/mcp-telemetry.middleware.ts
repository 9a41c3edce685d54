import { Injectable, type CallHandler, type ExecutionContext } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { McpMessage, McpMiddleware } from '../pipeline/mcp-message.js';

/** OpenTelemetry spans and metrics of every MCP message (placeholder: applies to nothing yet). */
@Injectable()
export class McpTelemetryMiddleware implements McpMiddleware {
  appliesTo(_message: McpMessage): boolean {
    return false;
  }

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle();
  }
}
