import type { McpResolvedOptions } from '../../options/mcp-options.js';
import { principalOf } from '../../session/principal.js';
import { clientKeyOf } from '../client-key.js';
import type { McpNodeRequest } from '../node-transport/node-transports.js';

/** Who opens a new session, and the per-client cap it counts against. */
export interface SessionOwner {
  /** The principal the session is bound to; undefined for an anonymous session (usable by whoever holds its id). */
  readonly principal: string | undefined;
  /** `principal:<key>`, or `address:<ip>` for an anonymous client; undefined when that client's address is unknown. */
  readonly quotaKey: string | undefined;
  /** How many sessions that quota key may hold. */
  readonly quotaLimit: number;
}

type SessionLimits = McpResolvedOptions['session'];

/** The owner of a session this `initialize` request would open. */
export function sessionOwnerOf(req: McpNodeRequest, limits: SessionLimits): SessionOwner {
  const principal = principalOf(req.auth);
  const quotaLimit = principal !== undefined ? limits.maxSessionsPerPrincipal : limits.maxSessionsPerAddress;
  return { principal, quotaKey: clientKeyOf(req, principal), quotaLimit };
}

/** Anonymous sessions are usable by whoever holds their id (the spec's model); bound ones only by their principal. */
export function mayUseSession(owner: string | undefined, requester: string | undefined): boolean {
  return owner === undefined || owner === requester;
}
