/** The server a command talks to: an app module loaded in this process, a running URL, or a stdio command it starts. */
export type McpTarget =
  | { kind: 'module'; file: string; exportName?: string; server?: string }
  | { kind: 'url'; url: URL; headers: Record<string, string> }
  | { kind: 'stdio'; command: string; args: string[] };

/** How to reach it, common to every command (`--protocol`, `--timeout`, `--verbose`). */
export interface ConnectOptions {
  /** `undefined`: the 2025 handshake every server knows; `'auto'`: probe; else pin that protocol version. */
  protocol?: string;
  /** Milliseconds allowed for connecting and for each request. */
  timeoutMs: number;
  /** Show the server's own logs (the app's Nest logs, the child's stderr) on stderr. */
  verbose: boolean;
}

/** A connected MCP client and how to let go of everything behind it. */
export interface McpConnection {
  client: import('@modelcontextprotocol/client').Client;
  /** Says what was connected to, for messages: `dist/app.module.js#AppModule`, a URL, a command line. */
  label: string;
  close(): Promise<void>;
}

export function describeTarget(target: McpTarget): string {
  if (target.kind === 'module') return `${target.file}${target.exportName ? `#${target.exportName}` : ''}${target.server ? ` (server ${target.server})` : ''}`;
  if (target.kind === 'url') return target.url.href;
  return [target.command, ...target.args].join(' ');
}
