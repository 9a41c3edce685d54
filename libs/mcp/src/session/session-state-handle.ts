import { ToolError } from '../errors/tool-error.js';
import type { McpSessionState } from '../interfaces/mcp-context.interface.js';
import type { SessionStore } from '../interfaces/session-store.interface.js';
import { SessionVisibilityControls, type SessionVisibility } from './session-visibility.js';

/** `ctx.session` on HTTP: per-session state in the session store, keyed by the request's session id. */
export class SessionStateHandle extends SessionVisibilityControls implements McpSessionState {
  constructor(
    private readonly store: SessionStore,
    readonly id: string | undefined,
    visibility: SessionVisibility | undefined,
  ) {
    super(visibility);
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return this.id === undefined ? undefined : this.store.getState<T>(this.id, key);
  }

  async set(key: string, value: unknown): Promise<void> {
    await this.store.setState(this.requireId(), key, value);
  }

  async delete(key: string): Promise<void> {
    if (this.id !== undefined) await this.store.deleteState(this.id, key);
  }

  private requireId(): string {
    if (this.id === undefined) {
      throw new ToolError(
        'Session state needs a session: this request has none (stateless HTTP, or a 2026-07-28 request over HTTP). Keep state in your own store, keyed by a handle passed in tool arguments.',
      );
    }
    return this.id;
  }
}
