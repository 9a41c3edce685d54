import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_MCP_PATH,
  DEFAULT_SESSION_IDLE_TTL_MS,
} from './constants.js';
import type { McpModuleOptions } from './interfaces/mcp-module-options.interface.js';

/** Module options with every default filled in, computed once. */
export interface McpResolvedOptions extends McpModuleOptions {
  path: string;
  stateless: boolean;
  responseMode: 'sse' | 'json';
  maxBodyBytes: number;
  maskErrors: boolean;
  keepAliveMs: number;
  shutdownGraceMs: number;
  session: { idleTtlMs: number; maxSessions: number };
  tasks: { ttlMs: number; pollIntervalMs: number };
  pageSize: number;
  security: { dnsRebindingProtection: boolean | 'auto'; allowedHosts: string[]; allowedOrigins: string[] };
}

export const MCP_RESOLVED_OPTIONS = Symbol('MCP_RESOLVED_OPTIONS');

export function resolveOptions(options: McpModuleOptions, path: string | undefined): McpResolvedOptions {
  if (!options?.name || !options.version) throw new Error('McpModule needs at least a server `name` and `version`');
  return {
    ...options,
    eventStore: options.eventStore ?? options.store?.events,
    path: normalizePath(path ?? DEFAULT_MCP_PATH),
    stateless: options.stateless ?? false,
    responseMode: options.responseMode ?? 'sse',
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maskErrors: options.maskErrors ?? process.env.NODE_ENV === 'production',
    keepAliveMs: options.keepAliveMs ?? 15_000,
    shutdownGraceMs: options.shutdownGraceMs ?? 10_000,
    session: {
      idleTtlMs: options.session?.idleTtlMs ?? DEFAULT_SESSION_IDLE_TTL_MS,
      maxSessions: options.session?.maxSessions ?? DEFAULT_MAX_SESSIONS,
    },
    tasks: { ttlMs: options.tasks?.ttlMs ?? 60 * 60 * 1000, pollIntervalMs: options.tasks?.pollIntervalMs ?? 500 },
    pageSize: options.pageSize ?? 100,
    security: {
      dnsRebindingProtection: options.security?.dnsRebindingProtection ?? 'auto',
      allowedHosts: options.security?.allowedHosts ?? [],
      allowedOrigins: options.security?.allowedOrigins ?? [],
    },
  };
}

export function normalizePath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}
