import type { Redis } from 'ioredis';
import type { TaskRecord, TaskStore } from '../interfaces/task-store.interface.js';

const FOREVER_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Task records in Redis (expiring with their TTL) and, per owner, a sorted set for `tasks/list`. Ownerless tasks are
 * never listed, so they get no such set.
 */
export class RedisTaskStore implements TaskStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async create(record: TaskRecord): Promise<void> {
    const ttl = record.ttlMs ?? FOREVER_MS;
    const writes = this.redis.multi().set(this.key(record.taskId), JSON.stringify(record), 'PX', ttl);
    if (record.owner !== undefined) {
      const owner = this.ownerKey(record.owner);
      writes.zadd(owner, Date.parse(record.createdAt), record.taskId).pexpire(owner, ttl);
    }
    await writes.exec();
  }

  async get(taskId: string): Promise<TaskRecord | undefined> {
    const raw = await this.redis.get(this.key(taskId));
    return raw ? (JSON.parse(raw) as TaskRecord) : undefined;
  }

  async update(taskId: string, patch: Partial<Omit<TaskRecord, 'taskId'>>): Promise<TaskRecord | undefined> {
    const current = await this.get(taskId);
    if (!current) return undefined;
    const updated = { ...current, ...patch };
    await this.redis.set(this.key(taskId), JSON.stringify(updated), 'KEEPTTL');
    return updated;
  }

  async list(owner: string | undefined, cursor: string | undefined, limit: number): Promise<{ tasks: TaskRecord[]; nextCursor?: string }> {
    if (owner === undefined) return { tasks: [] };
    const ownerKey = this.ownerKey(owner);
    const start = cursor === undefined ? 0 : Number(cursor);
    const ids = await this.redis.zrange(ownerKey, String(start), String(start + limit));
    const page = ids.slice(0, limit);
    const raws = page.length ? await this.redis.mget(page.map((id) => this.key(id))) : [];
    const tasks = raws.filter((raw): raw is string => raw !== null).map((raw) => JSON.parse(raw) as TaskRecord);
    return { tasks, ...(ids.length > limit ? { nextCursor: String(start + limit) } : {}) };
  }

  async delete(taskId: string): Promise<void> {
    const owner = (await this.get(taskId))?.owner;
    const writes = this.redis.multi().del(this.key(taskId));
    if (owner !== undefined) writes.zrem(this.ownerKey(owner), taskId);
    await writes.exec();
  }

  private key(taskId: string): string {
    return `${this.prefix}task:${taskId}`;
  }

  private ownerKey(owner: string): string {
    return `${this.prefix}tasks-of:${owner}`;
  }
}
