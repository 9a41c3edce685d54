/** Every default of the module options, in one place (`resolveMcpOptions` applies them). */
export const MCP_DEFAULTS = {
  path: 'mcp',
  stateless: false,
  responseMode: 'sse',
  maxBodyBytes: 4 * 1024 * 1024,
  keepAliveMs: 15_000,
  shutdownGraceMs: 10_000,
  pageSize: 100,
  session: { idleTtlMs: 30 * 60 * 1000, dormantAfterMs: 60_000, maxSessions: 10_000, maxSessionsPerPrincipal: 100, maxSessionsPerAddress: 100 },
  limits: { maxDepth: 64, maxListenStreams: 1_000, maxListenStreamsPerClient: 10, bodyTimeoutMs: 30_000 },
  tasks: { ttlMs: 60 * 60 * 1000, pollIntervalMs: 500 },
  inputRequired: { stateTtlSeconds: 600 },
  security: { dnsRebindingProtection: 'auto', validateOrigin: true },
  auth: { clockToleranceSec: 5, cache: { maxEntries: 10_000, ttlMs: 60_000, negativeTtlMs: 10_000 } },
} as const;

/** Unexpected errors are masked in production unless `maskErrors` says otherwise. */
export function defaultMaskErrors(): boolean {
  return process.env.NODE_ENV === 'production';
}
