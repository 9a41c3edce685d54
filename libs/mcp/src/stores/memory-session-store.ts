import type { SessionRecord, SessionStore } from '../interfaces/session-store.interface.js';

interface Entry {
  record: SessionRecord;
  state: Map<string, unknown>;
}

/** Sessions in process memory: zero configuration, one process. */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Entry>();

  async create(record: SessionRecord): Promise<void> {
    this.sessions.set(record.id, { record: { ...record }, state: new Map() });
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const entry = this.sessions.get(id);
    return entry ? { ...entry.record } : undefined;
  }

  async update(id: string, patch: Partial<Omit<SessionRecord, 'id'>>): Promise<void> {
    const entry = this.sessions.get(id);
    if (entry) Object.assign(entry.record, patch);
  }

  async touch(id: string): Promise<boolean> {
    const entry = this.sessions.get(id);
    if (entry) entry.record.lastSeenAt = Date.now();
    return entry !== undefined;
  }

  async delete(id: string): Promise<void> {
    this.sessions.delete(id);
  }

  async count(): Promise<number> {
    return this.sessions.size;
  }

  async idleSince(cutoff: number): Promise<string[]> {
    const idle: string[] = [];
    for (const [id, entry] of this.sessions) if (entry.record.lastSeenAt < cutoff) idle.push(id);
    return idle;
  }

  async getState<T>(id: string, key: string): Promise<T | undefined> {
    return this.sessions.get(id)?.state.get(key) as T | undefined;
  }

  async setState(id: string, key: string, value: unknown): Promise<void> {
    this.sessions.get(id)?.state.set(key, value);
  }

  async deleteState(id: string, key: string): Promise<void> {
    this.sessions.get(id)?.state.delete(key);
  }
}
