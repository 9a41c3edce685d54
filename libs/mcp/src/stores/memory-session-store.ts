import type { SessionRecord, SessionStore } from '../interfaces/session-store.interface.js';

interface Entry {
  record: SessionRecord;
  state: Map<string, unknown>;
}

/** Sessions in process memory: zero configuration, one process. */
export class MemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Entry>();
  /** Session ids by quota key, so counting one client's sessions does not scan them all. */
  private readonly byQuota = new Map<string, Set<string>>();

  async create(record: SessionRecord): Promise<void> {
    this.forgetQuota(this.sessions.get(record.id)?.record);
    this.sessions.set(record.id, { record: { ...record }, state: new Map() });
    this.rememberQuota(record);
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const entry = this.sessions.get(id);
    return entry ? { ...entry.record } : undefined;
  }

  async update(id: string, patch: Partial<Omit<SessionRecord, 'id'>>): Promise<void> {
    const entry = this.sessions.get(id);
    if (!entry) return;
    this.forgetQuota(entry.record);
    Object.assign(entry.record, patch);
    this.rememberQuota(entry.record);
  }

  async touch(id: string): Promise<boolean> {
    const entry = this.sessions.get(id);
    if (entry) entry.record.lastSeenAt = Date.now();
    return entry !== undefined;
  }

  async delete(id: string): Promise<void> {
    this.forgetQuota(this.sessions.get(id)?.record);
    this.sessions.delete(id);
  }

  async count(): Promise<number> {
    return this.sessions.size;
  }

  async countByQuota(quotaKey: string): Promise<number> {
    return this.byQuota.get(quotaKey)?.size ?? 0;
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

  private rememberQuota(record: SessionRecord): void {
    if (record.quotaKey === undefined) return;
    const ids = this.byQuota.get(record.quotaKey) ?? new Set<string>();
    this.byQuota.set(record.quotaKey, ids.add(record.id));
  }

  private forgetQuota(record: SessionRecord | undefined): void {
    if (record?.quotaKey === undefined) return;
    const ids = this.byQuota.get(record.quotaKey);
    ids?.delete(record.id);
    if (ids?.size === 0) this.byQuota.delete(record.quotaKey);
  }
}
