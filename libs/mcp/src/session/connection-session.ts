import { randomUUID } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/server';
import type { McpSessionState } from '../interfaces/mcp-context.interface.js';
import { SessionVisibilityControls, type SessionVisibility } from './session-visibility.js';

/**
 * `ctx.session` of a server that is its own connection (stdio, in memory, either era): a generated id and state in
 * this process, released when the connection closes. HTTP sessions are named by `Mcp-Session-Id` and kept in the
 * session store instead.
 */
export class ConnectionSessionState extends SessionVisibilityControls implements McpSessionState {
  readonly id = randomUUID();
  private state: Map<string, unknown> | undefined = new Map();

  /** A session living as long as the server's connection. */
  static of(server: Server, visibility: SessionVisibility): ConnectionSessionState {
    const session = new ConnectionSessionState(visibility);
    const previous = server.onclose;
    server.onclose = () => {
      session.release();
      previous?.();
    };
    return session;
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return this.state?.get(key) as T | undefined;
  }

  /** After the connection closed (a task still running, say) there is nothing left to keep it for. */
  async set(key: string, value: unknown): Promise<void> {
    this.state?.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.state?.delete(key);
  }

  release(): void {
    this.state = undefined;
  }
}
