import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { McpStoreHealth } from '../interfaces/state-layer.interface.js';

type Listener = (payload: unknown) => void;

/** How long a process stays a member without a heartbeat: senders keep writing to its inbox that long. */
const MEMBER_TTL_MS = 60_000;
const HEARTBEAT_MS = 5_000;
/** How long one XREAD waits for entries; a reply (entries or none) comes at least this often while Redis answers. */
const READ_BLOCK_MS = 1_000;
/** Entries one inbox keeps for a reader that is away: older ones are dropped (bounded memory in Redis). */
const MAX_INBOX_ENTRIES = 10_000;
/** An inbox nobody writes to expires (a process that died leaves nothing behind). */
const INBOX_TTL_MS = 10 * 60_000;
/** Message ids remembered to drop a second delivery of the same message. */
const REMEMBERED_IDS = 10_000;

/**
 * Messages between the processes that share one Redis, delivered at least once while both live: each process has an
 * inbox (a Redis stream) and a heartbeat in a set of members; a message is appended to every member's inbox, and each
 * process reads its own on a connection of its own, from where it left off. A reader that loses its connection, or
 * a Redis that restarts with persistence, loses nothing: entries wait in the stream. Pub/sub, by contrast, drops what
 * is published while a subscriber reconnects. A message sent again (a retried append) is recognized by its id.
 */
export class RedisInbox {
  readonly processId = randomUUID();
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly seen = new Set<string>();
  private lastId = '0-0';
  /** When the reader last sent a read or got an answer: a read unanswered past its block time means a hung link. */
  private heardAt = 0;
  private joinedAt = 0;
  private closed = false;
  private heartbeat?: NodeJS.Timeout;
  private joining?: Promise<void>;

  constructor(
    private readonly redis: Redis,
    private readonly reader: Redis,
    private readonly prefix: string,
  ) {
    redis.on('ready', () => void this.join().catch(() => undefined));
    reader.on('ready', () => (this.heardAt = Date.now())); // its waiting read goes out now
  }

  /** Starts reading and announcing this process; resolves once it is a member (messages sent from then on arrive). */
  start(): Promise<void> {
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => void this.join().catch(() => undefined), HEARTBEAT_MS);
      this.heartbeat.unref();
      void this.readLoop();
    }
    return this.member();
  }

  /** Resolves once this process is a member; rejects when Redis cannot be reached to make it one. */
  member(): Promise<void> {
    return this.joinedAt > Date.now() - MEMBER_TTL_MS ? Promise.resolve() : this.join();
  }

  /** Appends `payload` on `channel` to every member's inbox, this process's included; resolves once Redis has them. */
  async send(channel: string, payload: unknown): Promise<void> {
    const members = await this.redis.zrangebyscore(this.membersKey, Date.now(), '+inf');
    if (!members.includes(this.processId)) members.push(this.processId);
    const entry = JSON.stringify({ id: randomUUID(), channel, payload });
    await Promise.all(members.map((member) => this.append(member, entry).catch(() => this.append(member, entry))));
  }

  listen(channel: string, listener: Listener): () => void {
    let listeners = this.listeners.get(channel);
    if (!listeners) this.listeners.set(channel, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      const current = this.listeners.get(channel);
      if (current?.delete(listener) && !current.size) this.listeners.delete(channel);
    };
  }

  /** Healthy while this process is a member and its reader heard from Redis lately. */
  health(): McpStoreHealth {
    if (this.joinedAt <= Date.now() - MEMBER_TTL_MS) return { healthy: false, detail: 'Redis: this instance is not registered for messages from the others' };
    if (this.reader.status !== 'ready') return { healthy: false, detail: `Redis: the connection for messages from other instances is ${this.reader.status}` };
    if (this.heardAt < Date.now() - (READ_BLOCK_MS + 2_000)) return { healthy: false, detail: 'Redis: no answer on the connection for messages from other instances' };
    return { healthy: true };
  }

  /** Leaves the members and stops reading (a read waiting for a Redis that is gone is not waited for). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    await this.redis.zrem(this.membersKey, this.processId).catch(() => undefined);
    this.reader.disconnect();
  }

  /** One entry into one inbox; sent again after a failure (a timeout may hide a success: the reader drops the copy). */
  private async append(member: string, entry: string): Promise<void> {
    const inbox = this.inboxKey(member);
    await this.redis.xadd(inbox, 'MAXLEN', '~', MAX_INBOX_ENTRIES, '*', 'm', entry);
    await this.redis.pexpire(inbox, INBOX_TTL_MS);
  }

  private join(): Promise<void> {
    this.joining ??= this.redis
      .zadd(this.membersKey, Date.now() + MEMBER_TTL_MS, this.processId)
      .then(() => {
        this.joinedAt = Date.now();
        void this.redis.zremrangebyscore(this.membersKey, '-inf', Date.now()).catch(() => undefined);
      })
      .finally(() => (this.joining = undefined));
    return this.joining;
  }

  private async readLoop(): Promise<void> {
    while (!this.closed) {
      try {
        if (this.reader.status === 'ready') this.heardAt = Date.now();
        const reply = await this.reader.xread('COUNT', 100, 'BLOCK', READ_BLOCK_MS, 'STREAMS', this.inboxKey(this.processId), this.lastId);
        this.heardAt = Date.now();
        for (const [, entries] of reply ?? []) {
          for (const [id, fields] of entries) {
            this.lastId = id;
            this.deliver(fields[1]);
          }
        }
        if (reply) void this.redis.xtrim(this.inboxKey(this.processId), 'MINID', this.lastId).catch(() => undefined);
      } catch {
        if (!this.closed) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  private deliver(raw: string | undefined): void {
    let message: { id: string; channel: string; payload: unknown };
    try {
      message = JSON.parse(raw ?? '') as typeof message;
    } catch {
      return;
    }
    if (this.seen.has(message.id)) return;
    this.seen.add(message.id);
    if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value as string);
    for (const listener of this.listeners.get(message.channel) ?? []) listener(message.payload);
  }

  private get membersKey(): string {
    return `${this.prefix}inbox-members`;
  }

  private inboxKey(processId: string): string {
    return `${this.prefix}inbox:${processId}`;
  }
}
