import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { ConnectOptions, McpConnection, McpTarget } from './mcp-target.js';
import { describeTarget } from './mcp-target.js';
import { connectClient, messageOf } from './sdk-client.js';

type StdioTarget = Extract<McpTarget, { kind: 'stdio' }>;
const STDERR_TAIL = 4_000;

/**
 * Starts a stdio server as a child process (with this process's environment and working directory) and connects to
 * it. Its stderr is shown with `--verbose`, else kept and shown only when connecting fails.
 */
export async function connectStdio(target: StdioTarget, options: ConnectOptions): Promise<McpConnection> {
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const transport = new StdioClientTransport({ command: target.command, args: target.args, env, stderr: options.verbose ? 'inherit' : 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL)));
  const label = describeTarget(target);
  const client = await connectClient(transport, options, label, (error) => {
    const spawnCode = (error as { code?: string }).code;
    if (spawnCode === 'ENOENT') return 'command not found';
    return `${messageOf(error)}${stderr.trim() ? `\n--- its stderr ---\n${stderr.trimEnd()}` : ''}`;
  });
  return { client, label, close: () => client.close() };
}
