import { SUPPORTED_PROTOCOL_VERSIONS, type ProtocolEra } from '@modelcontextprotocol/server';

/**
 * The two protocol eras one endpoint serves: `legacy` for the 2025 revisions (initialize handshake, sessions,
 * server-to-client requests) and `modern` for 2026-07-28 and later (stateless, a `_meta` envelope on every request).
 * Each SDK server instance serves exactly one of them.
 */
export type McpEra = ProtocolEra;

/** The 2025-era revisions a session may negotiate (sent in `Mcp-Protocol-Version` on every later request). */
export const LEGACY_PROTOCOL_VERSIONS: ReadonlySet<string> = new Set(SUPPORTED_PROTOCOL_VERSIONS);

/** The 2026-07-28 tasks extension (SEP-2663), declared in the client's capabilities on each request. */
export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';
