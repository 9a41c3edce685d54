import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { McpExecutionContext } from 'nestjs-mcp';

/**
 * Lets only administrators through: callers with the `notes:admin` scope, or (for local demos) the
 * `x-role: admin` header. Tools it guards are hidden from everyone else's tools/list.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType<string>() !== 'mcp') return true;
    const mcp = McpExecutionContext.create(context).getContext();
    return mcp.auth?.scopes.includes('notes:admin') === true || mcp.request?.headers['x-role'] === 'admin';
  }
}
