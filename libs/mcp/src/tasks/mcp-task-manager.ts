import { randomUUID } from 'node:crypto';
import type { CallToolResult, InputRequest } from '@modelcontextprotocol/server';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { McpInstance } from '../cluster/mcp-instance.js';
import { MCP_RELAY, type McpRelay } from '../interfaces/relay.interface.js';
import { MCP_TASK_STORE, TERMINAL_TASK_STATUSES, type TaskRecord, type TaskStore } from '../interfaces/task-store.interface.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import { CallFailures, type CallFailure } from '../protocol/error-catalogue.js';

/** How one run of a task's tool ended. */
export type TaskOutcome =
  | { result: CallToolResult }
  | { inputRequests: Record<string, InputRequest> }
  | { error: CallFailure & { data?: unknown } };

/**
 * Runs (or, with the answers gathered so far, re-runs) the tool behind a task. `answers` are those given through
 * `tasks/update` (2026-07-28); a 2025 task asks its client directly and has none.
 */
export type TaskRun = (answers: Readonly<Record<string, unknown>>, signal: AbortSignal) => Promise<TaskOutcome>;

interface LiveTask {
  controller: AbortController;
  stopRelay: () => void;
  run: TaskRun;
  settled: Promise<void>;
  settle: () => void;
}

/** setTimeout's ceiling (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

function taskTopic(taskId: string): string {
  return `task:${taskId}`;
}

export interface CreateTaskOptions {
  toolName: string;
  owner: string | undefined;
  /** Requested retention (2025 `task.ttl`); bounded by the server's own. */
  ttlMs?: number;
}

/**
 * Task-augmented tool calls: creates task records, runs the tool in the background, and serves status,
 * cancellation, input answers (2026-07-28) and results (2025-11-25) from the task store.
 */
@Injectable()
export class McpTaskManager implements OnModuleDestroy {
  private readonly logger = new Logger('McpTasks');
  private readonly live = new Map<string, LiveTask>();

  constructor(
    @Inject(MCP_TASK_STORE) private readonly store: TaskStore,
    @Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions,
    @Inject(MCP_RELAY) private readonly relay: McpRelay,
    private readonly instance: McpInstance,
  ) {}

  onModuleDestroy(): void {
    for (const task of this.live.values()) task.controller.abort(new Error('server shutting down'));
  }

  /** Creates the task and runs `run` in the background (or adopts `running`, a run already under way). */
  async start(options: CreateTaskOptions, run: TaskRun, running?: Promise<TaskOutcome>, controller = new AbortController()): Promise<TaskRecord> {
    const now = new Date().toISOString();
    const ttlMs = Math.min(options.ttlMs ?? this.options.tasks.ttlMs, this.options.tasks.ttlMs);
    const record: TaskRecord = {
      taskId: randomUUID(),
      toolName: options.toolName,
      status: 'working',
      createdAt: now,
      lastUpdatedAt: now,
      ttlMs,
      pollIntervalMs: this.options.tasks.pollIntervalMs,
      instanceId: this.instance.id,
      ...(options.owner !== undefined ? { owner: options.owner } : {}),
    };
    await this.store.create(record);
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const live: LiveTask = { controller, run, settled, settle, stopRelay: () => undefined };
    // Listening before the client learns the task id: a cancel or answer sent to another instance at once is heard.
    live.stopRelay = await this.relay.subscribe(taskTopic(record.taskId), (event) => {
      if (event.type === 'cancel-task') void this.cancel(record.taskId, record.owner);
      if (event.type === 'answer-task') void this.answer(record.taskId, record.owner, event.responses);
    });
    this.live.set(record.taskId, live);
    // A task nobody finishes (e.g. left waiting for input) is let go when its record expires.
    const expiry = setTimeout(() => this.forget(record.taskId), Math.min(ttlMs, MAX_TIMER_MS));
    expiry.unref();
    void this.follow(record.taskId, live, running ?? this.runOnce(record.taskId, live));
    return record;
  }

  /** The task, if it exists and belongs to `owner`; a task whose instance died is failed on the way. */
  async get(taskId: string, owner: string | undefined): Promise<TaskRecord | undefined> {
    const record = await this.store.get(taskId);
    if (!record || record.owner !== owner) return undefined;
    if (TERMINAL_TASK_STATUSES.has(record.status) || !record.instanceId || (await this.instance.alive(record.instanceId))) return record;
    const error = { ...CallFailures.taskInstanceStopped };
    return (await this.finish(taskId, { status: 'failed', error, statusMessage: error.message })) ?? record;
  }

  /** The tasks of `owner`; ownerless tasks (anonymous, sessionless) are never listed, to anyone. */
  async list(owner: string | undefined, cursor: string | undefined): Promise<{ tasks: TaskRecord[]; nextCursor?: string }> {
    if (owner === undefined) return { tasks: [] };
    return this.store.list(owner, cursor, this.options.pageSize);
  }

  /** Stops the task (idempotent on terminal tasks). Undefined when there is no such task. */
  async cancel(taskId: string, owner: string | undefined): Promise<TaskRecord | undefined> {
    const record = await this.get(taskId, owner);
    if (!record || TERMINAL_TASK_STATUSES.has(record.status)) return record;
    const live = this.live.get(taskId);
    if (live) live.controller.abort(new Error('task cancelled'));
    else await this.relay.publish(taskTopic(taskId), { type: 'cancel-task' });
    const cancelled = await this.finish(taskId, { status: 'cancelled', statusMessage: 'Cancelled by the client' });
    return cancelled;
  }

  /** 2026-07-28 `tasks/update`: records answers; once every open question is answered, the tool runs again. */
  async answer(taskId: string, owner: string | undefined, responses: Record<string, unknown>): Promise<boolean> {
    const record = await this.get(taskId, owner);
    if (!record) return false;
    if (record.status !== 'input_required') return true;
    const live = this.live.get(taskId);
    if (!live) {
      await this.relay.publish(taskTopic(taskId), { type: 'answer-task', responses });
      return true;
    }
    const inputResponses = { ...record.inputResponses, ...responses };
    const open = Object.fromEntries(Object.entries(record.inputRequests ?? {}).filter(([key]) => !(key in responses)));
    const now = new Date().toISOString();
    if (Object.keys(open).length) {
      await this.store.update(taskId, { inputResponses, inputRequests: open, lastUpdatedAt: now });
      return true;
    }
    await this.store.update(taskId, { inputResponses, inputRequests: undefined, status: 'working', lastUpdatedAt: now });
    void this.follow(taskId, live, this.runOnce(taskId, live));
    return true;
  }

  /** 2025-11-25 `tasks/result`: waits until the task is terminal (wherever it runs), then returns it. */
  async whenTerminal(taskId: string, owner: string | undefined): Promise<TaskRecord | undefined> {
    for (;;) {
      const record = await this.get(taskId, owner);
      if (!record || TERMINAL_TASK_STATUSES.has(record.status)) return record;
      const live = this.live.get(taskId);
      await (live ? live.settled : new Promise((resolve) => setTimeout(resolve, record.pollIntervalMs)));
    }
  }

  private forget(taskId: string): void {
    const live = this.live.get(taskId);
    if (!live) return;
    this.live.delete(taskId);
    live.controller.abort(new Error('task expired'));
    live.stopRelay();
    live.settle();
  }

  private async runOnce(taskId: string, live: LiveTask): Promise<TaskOutcome> {
    const record = await this.store.get(taskId);
    return live.run(record?.inputResponses ?? {}, live.controller.signal);
  }

  private async follow(taskId: string, live: LiveTask, running: Promise<TaskOutcome>): Promise<void> {
    let outcome: TaskOutcome;
    try {
      outcome = await running;
    } catch (error) {
      outcome = { error: CallFailures.taskCrashed(error instanceof Error ? error.message : String(error)) };
    }
    try {
      if ('inputRequests' in outcome) {
        await this.transition(taskId, { status: 'input_required', inputRequests: outcome.inputRequests, statusMessage: 'Waiting for input' });
      } else if ('result' in outcome) {
        await this.finish(taskId, { status: 'completed', result: outcome.result });
      } else {
        await this.finish(taskId, { status: 'failed', error: outcome.error, statusMessage: outcome.error.message });
      }
    } catch (error) {
      this.logger.error(`Task ${taskId} could not be updated: ${(error as Error).message}`);
    }
  }

  private async finish(taskId: string, patch: Partial<TaskRecord>): Promise<TaskRecord | undefined> {
    const record = await this.transition(taskId, { ...patch, inputRequests: undefined });
    const live = this.live.get(taskId);
    if (record && TERMINAL_TASK_STATUSES.has(record.status) && live) {
      this.live.delete(taskId);
      live.stopRelay();
      live.settle();
    }
    return record;
  }

  /** Applies a status change unless the task already reached a terminal status (those never change). */
  private async transition(taskId: string, patch: Partial<TaskRecord>): Promise<TaskRecord | undefined> {
    const current = await this.store.get(taskId);
    if (!current || TERMINAL_TASK_STATUSES.has(current.status)) return current;
    return this.store.update(taskId, { ...patch, lastUpdatedAt: new Date().toISOString() });
  }
}
