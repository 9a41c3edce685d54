import { Client, type Transport } from '@modelcontextprotocol/client';
import { CliError } from '../cli-error.js';
import { CLI_CLIENT_INFO } from './cli-client-info.js';
import type { ConnectOptions } from './mcp-target.js';
import { withTimeout } from './with-timeout.js';

/** A client that declares no capabilities (the command answers no sampling or elicitation), connected over `transport`. */
export async function connectClient(transport: Transport, options: ConnectOptions, label: string, explain: (error: unknown) => string): Promise<Client> {
  const mode = options.protocol === undefined ? undefined : options.protocol === 'auto' ? 'auto' : { pin: options.protocol };
  const client = new Client(CLI_CLIENT_INFO, { capabilities: {}, ...(mode ? { versionNegotiation: { mode } } : {}) });
  try {
    await withTimeout(client.connect(transport, { timeout: options.timeoutMs }), options.timeoutMs, `connecting to ${label}`);
    return client;
  } catch (error) {
    await client.close().catch(() => undefined);
    if (error instanceof CliError) throw error;
    throw new CliError(`${label}: ${explain(error)}`);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
