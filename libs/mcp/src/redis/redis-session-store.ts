import type { Redis } from 'ioredis';
import type { SessionRecord, SessionStore } from '../interfaces/session-store.interface.js';

const RECORD = 'record';
const STATE = 'state:';

/**
 * Sessions in Redis, shared by every instance: a hash per session (the record and per-session state) and one
 * sorted set of sessions by last use (counting, idle sweeps). Keys also expire on their own as a safety net.
 * Per-client caps use one set of session ids per quota key; a member whose session is gone from the sorted set (or
 * is older than the safety TTL) is dropped when that quota is counted, and the set expires with its newest session.
 */
export class RedisSessionStore implements SessionStore {
  private readonly index: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly safetyTtlMs: number,
  ) {
    this.index = `${prefix}sessions`;
  }

  async create(record: SessionRecord): Promise<void> {
    const key = this.key(record.id);
    const writes = this.redis
      .multi()
      .hset(key, RECORD, JSON.stringify(record))
      .pexpire(key, this.safetyTtlMs)
      .zadd(this.index, record.lastSeenAt, record.id);
    // The set lives as long as its newest session could: a client that never comes back leaves nothing behind.
    if (record.quotaKey !== undefined) writes.sadd(this.quotaSet(record.quotaKey), record.id).pexpire(this.quotaSet(record.quotaKey), this.safetyTtlMs);
    await writes.exec();
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const raw = await this.redis.hget(this.key(id), RECORD);
    return raw ? (JSON.parse(raw) as SessionRecord) : undefined;
  }

  async update(id: string, patch: Partial<Omit<SessionRecord, 'id'>>): Promise<void> {
    const current = await this.get(id);
    if (!current) return;
    const updated = { ...current, ...patch };
    const writes = this.redis.multi().hset(this.key(id), RECORD, JSON.stringify(updated));
    if (current.quotaKey !== updated.quotaKey) {
      if (current.quotaKey !== undefined) writes.srem(this.quotaSet(current.quotaKey), id);
      if (updated.quotaKey !== undefined) writes.sadd(this.quotaSet(updated.quotaKey), id);
    }
    await writes.exec();
  }

  async touch(id: string): Promise<boolean> {
    const results = await this.redis.multi().zadd(this.index, 'XX', Date.now(), id).pexpire(this.key(id), this.safetyTtlMs).exec();
    return results?.[1]?.[1] === 1;
  }

  async delete(id: string): Promise<void> {
    const quotaKey = (await this.get(id))?.quotaKey;
    const writes = this.redis.multi().del(this.key(id)).zrem(this.index, id);
    if (quotaKey !== undefined) writes.srem(this.quotaSet(quotaKey), id);
    await writes.exec();
  }

  async count(): Promise<number> {
    await this.redis.zremrangebyscore(this.index, '-inf', Date.now() - this.safetyTtlMs);
    return this.redis.zcard(this.index);
  }

  async countByQuota(quotaKey: string): Promise<number> {
    const set = this.quotaSet(quotaKey);
    const ids = await this.redis.smembers(set);
    if (!ids.length) return 0;
    const lastUse = await this.redis.zmscore(this.index, ...ids);
    const cutoff = Date.now() - this.safetyTtlMs;
    const gone = ids.filter((_, at) => lastUse[at] === null || Number(lastUse[at]) < cutoff);
    if (gone.length) await this.redis.srem(set, ...gone);
    return ids.length - gone.length;
  }

  async idleSince(cutoff: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.index, '-inf', cutoff);
  }

  async getState<T>(id: string, key: string): Promise<T | undefined> {
    const raw = await this.redis.hget(this.key(id), STATE + key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async setState(id: string, key: string, value: unknown): Promise<void> {
    await this.redis.hset(this.key(id), STATE + key, JSON.stringify(value));
  }

  async deleteState(id: string, key: string): Promise<void> {
    await this.redis.hdel(this.key(id), STATE + key);
  }

  private key(id: string): string {
    return `${this.prefix}session:${id}`;
  }

  private quotaSet(quotaKey: string): string {
    return `${this.prefix}sessions-of:${quotaKey}`;
  }
}
