import { connectModule } from './connect-module.js';
import { connectStdio } from './connect-stdio.js';
import { connectUrl } from './connect-url.js';
import type { ConnectOptions, McpConnection, McpTarget } from './mcp-target.js';

/** Connects to the target however it is reached. */
export function connect(target: McpTarget, options: ConnectOptions): Promise<McpConnection> {
  if (target.kind === 'module') return connectModule(target, options);
  if (target.kind === 'url') return connectUrl(target, options);
  return connectStdio(target, options);
}

/** Connects, runs `work` with the connection, and always closes it. */
export async function withConnection<T>(target: McpTarget, options: ConnectOptions, work: (connection: McpConnection) => Promise<T>): Promise<T> {
  const connection = await connect(target, options);
  try {
    return await work(connection);
  } finally {
    await connection.close().catch(() => undefined);
  }
}
