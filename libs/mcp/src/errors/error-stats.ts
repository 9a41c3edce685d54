import { Injectable } from '@nestjs/common';

/** Where an unexpected error happened: a component's handler, or any other request handler (lists, subscriptions, ...). */
export type McpErrorKind = 'tool' | 'resource' | 'prompt' | 'completion' | 'request';

export interface McpErrorCounts {
  /** Unexpected errors since the server started. */
  readonly total: number;
  readonly byKind: Readonly<Record<McpErrorKind, number>>;
}

/**
 * Counts the unexpected errors of MCP handlers (those that are neither `McpError`, `ToolError` nor an
 * `HttpException` below 500): the ones logged with their stack and masked when `maskErrors` is on. Inject it to
 * export the counts (the terminus indicator of `nestjs-mcp/terminus` reports them).
 */
@Injectable()
export class McpErrorStats {
  private readonly counts: Record<McpErrorKind, number> = { tool: 0, resource: 0, prompt: 0, completion: 0, request: 0 };
  private total = 0;

  record(kind: McpErrorKind): void {
    this.counts[kind]++;
    this.total++;
  }

  snapshot(): McpErrorCounts {
    return { total: this.total, byKind: { ...this.counts } };
  }
}
