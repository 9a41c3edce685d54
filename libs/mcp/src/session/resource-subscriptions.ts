import type { SessionStore } from '../interfaces/session-store.interface.js';

const STATE_KEY = 'nestjs-mcp:resource-subscriptions';

/**
 * The resource URIs one client subscribed to (2025 `resources/subscribe`). Kept with the session, so every instance
 * holding it knows them; `onChange` tells the others when they change here.
 */
export class ResourceSubscriptions {
  private readonly uris = new Set<string>();
  /** Awaited: the others are told before the client gets its answer (so before any update it then causes). */
  onChange?: (uris: string[]) => Promise<void>;

  constructor(private readonly persist?: { store: SessionStore; sessionId: string }) {}

  /** Loads what the session already subscribed to (a session resumed from the store). */
  async load(): Promise<void> {
    if (!this.persist) return;
    const saved = await this.persist.store.getState<string[]>(this.persist.sessionId, STATE_KEY);
    this.replace(saved ?? []);
  }

  get count(): number {
    return this.uris.size;
  }

  has(uri: string): boolean {
    return this.uris.has(uri);
  }

  async add(uri: string): Promise<void> {
    this.uris.add(uri);
    await this.changed();
  }

  async remove(uri: string): Promise<void> {
    this.uris.delete(uri);
    await this.changed();
  }

  /** Takes another instance's view of the session's subscriptions. */
  replace(uris: string[]): void {
    this.uris.clear();
    for (const uri of uris) this.uris.add(uri);
  }

  private async changed(): Promise<void> {
    const uris = [...this.uris];
    if (this.persist) await this.persist.store.setState(this.persist.sessionId, STATE_KEY, uris);
    await this.onChange?.(uris);
  }
}
