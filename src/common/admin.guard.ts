import type { IncomingHttpHeaders } from 'node:http';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';

/**
 * The door of the admin server (`/admin/mcp`) when the demo runs without OAuth: a request gets in only with the
 * `x-role: admin` header, any other is answered HTTP 403 before the MCP layer sees it. A stand-in credential for a
 * demo bound to loopback; with `MCP_AUTH_ISSUER` set, the admin server asks for `notes:admin` tokens instead.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<{ headers: IncomingHttpHeaders }>().headers['x-role'] === 'admin';
  }
}
