import { Injectable, type CallHandler, type ExecutionContext } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { McpMessage, McpMiddleware } from '../pipeline/mcp-message.js';

/** Time limits of calls (placeholder: applies to nothing yet). */
@Injectable()
export class McpTimeoutMiddleware implements McpMiddleware {
  appliesTo(_message: McpMessage): boolean {
    return false;
  }

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle();
  }
}
