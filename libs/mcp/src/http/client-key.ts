import { principalOf } from '../session/principal.js';
import type { McpNodeRequest } from './node-transport/node-transports.js';

/**
 * Whom a per-client limit counts a request against: `principal:<key>`, or `address:<ip>` for an anonymous client;
 * undefined when an anonymous client's address is unknown.
 */
export function clientKeyOf(req: McpNodeRequest, principal = principalOf(req.auth)): string | undefined {
  if (principal !== undefined) return `principal:${principal}`;
  return req.clientAddress ? `address:${req.clientAddress}` : undefined;
}
