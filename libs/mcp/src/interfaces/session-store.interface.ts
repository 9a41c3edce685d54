import type { ClientCapabilities, Implementation } from '@modelcontextprotocol/server';

/** What is known of one 2025-era session, wherever it is served. */
export interface SessionRecord {
  id: string;
  createdAt: number;
  lastSeenAt: number;
  protocolVersion?: string;
  clientInfo?: Implementation;
  clientCapabilities?: ClientCapabilities;
  /**
   * The principal that opened the session (`principalOf(auth)`): only requests of that principal may use it.
   * Undefined for an anonymous session, usable by whoever holds its id. Fixed at creation.
   */
  principal?: string;
  /**
   * What the session counts against for the per-client caps: `principal:<key>`, or `address:<ip>` for an anonymous
   * client (see `countByQuota`). Fixed at creation.
   */
  quotaKey?: string;
}

/**
 * Where session metadata and per-session state live. The in-memory store is the default; a shared store
 * (Redis) lets any instance serve any session.
 */
export interface SessionStore {
  create(record: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  update(id: string, patch: Partial<Omit<SessionRecord, 'id'>>): Promise<void>;
  /** Marks the session as used now (idle TTL); false when the session no longer exists. */
  touch(id: string): Promise<boolean>;
  delete(id: string): Promise<void>;
  count(): Promise<number>;
  /** How many live sessions were created with this `quotaKey` (across the cluster with a shared store). */
  countByQuota(quotaKey: string): Promise<number>;
  /** Ids of sessions not seen since `cutoff` (epoch ms). */
  idleSince(cutoff: number): Promise<string[]>;
  getState<T>(id: string, key: string): Promise<T | undefined>;
  setState(id: string, key: string, value: unknown): Promise<void>;
  deleteState(id: string, key: string): Promise<void>;
}

export const MCP_SESSION_STORE = Symbol('MCP_SESSION_STORE');
