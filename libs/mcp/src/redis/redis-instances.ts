import type { RequestId } from '@modelcontextprotocol/server';
import type { Redis } from 'ioredis';
import type { InstanceRegistry, StreamOwner, StreamOwnership } from '../interfaces/state-layer.interface.js';

/** Instance heartbeats as expiring keys. */
export class RedisInstances implements InstanceRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async announce(instanceId: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.key(instanceId), String(Date.now()), 'PX', ttlMs);
  }

  async alive(instanceId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(instanceId))) === 1;
  }

  async retire(instanceId: string): Promise<void> {
    await this.redis.del(this.key(instanceId));
  }

  private key(instanceId: string): string {
    return `${this.prefix}instance:${instanceId}`;
  }
}

/** Stream owners as expiring hashes: the serving instance and the request ids not answered yet. */
export class RedisStreamOwnership implements StreamOwnership {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  async claim(streamKey: string, owner: StreamOwner): Promise<void> {
    const key = this.key(streamKey);
    const fields = Object.fromEntries(owner.pending.map((id) => [JSON.stringify(id), '1']));
    await this.redis.multi().del(key).hset(key, { instance: owner.instanceId, ...fields }).pexpire(key, this.ttlMs).exec();
  }

  async settle(streamKey: string, requestId: RequestId): Promise<void> {
    await this.redis.hdel(this.key(streamKey), JSON.stringify(requestId));
  }

  async get(streamKey: string): Promise<StreamOwner | undefined> {
    const fields = await this.redis.hgetall(this.key(streamKey));
    if (!fields.instance) return undefined;
    const pending = Object.keys(fields)
      .filter((field) => field !== 'instance')
      .map((field) => JSON.parse(field) as RequestId);
    return { instanceId: fields.instance, pending };
  }

  private key(streamKey: string): string {
    return `${this.prefix}stream-owner:${streamKey}`;
  }
}
