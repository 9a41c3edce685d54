import type { TaskRecord, TaskStore } from '../interfaces/task-store.interface.js';

/** Task records in process memory, forgotten `ttlMs` after their creation. */
export class MemoryTaskStore implements TaskStore {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly expiries = new Map<string, NodeJS.Timeout>();

  async create(record: TaskRecord): Promise<void> {
    this.tasks.set(record.taskId, { ...record });
    // Beyond setTimeout's ceiling (about 24.8 days) a task simply stays until the process ends.
    if (record.ttlMs !== null && record.ttlMs <= 2 ** 31 - 1) {
      const timer = setTimeout(() => void this.delete(record.taskId), record.ttlMs);
      timer.unref();
      this.expiries.set(record.taskId, timer);
    }
  }

  async get(taskId: string): Promise<TaskRecord | undefined> {
    const record = this.tasks.get(taskId);
    return record ? { ...record } : undefined;
  }

  async update(taskId: string, patch: Partial<Omit<TaskRecord, 'taskId'>>): Promise<TaskRecord | undefined> {
    const record = this.tasks.get(taskId);
    if (!record) return undefined;
    Object.assign(record, patch);
    return { ...record };
  }

  async list(owner: string | undefined, cursor: string | undefined, limit: number): Promise<{ tasks: TaskRecord[]; nextCursor?: string }> {
    if (owner === undefined) return { tasks: [] };
    const mine = [...this.tasks.values()].filter((task) => task.owner === owner);
    const start = cursor === undefined ? 0 : Math.max(0, mine.findIndex((task) => task.taskId === cursor) + 1);
    const page = mine.slice(start, start + limit);
    const more = start + limit < mine.length;
    return { tasks: page.map((task) => ({ ...task })), ...(more ? { nextCursor: page[page.length - 1].taskId } : {}) };
  }

  async delete(taskId: string): Promise<void> {
    this.tasks.delete(taskId);
    clearTimeout(this.expiries.get(taskId));
    this.expiries.delete(taskId);
  }
}
