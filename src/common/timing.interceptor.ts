import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { McpExecutionContext } from 'nestjs-mcp';
import { tap, type Observable } from 'rxjs';

/** Logs how long each MCP call took (to the server log, not to the client). */
@Injectable()
export class TimingInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Timing');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const started = performance.now();
    const call = context.getType<string>() === 'mcp' ? McpExecutionContext.create(context).getCall() : undefined;
    return next.handle().pipe(
      tap(() => call && this.logger.debug(`${call.method} ${call.name}: ${(performance.now() - started).toFixed(1)} ms`)),
    );
  }
}
