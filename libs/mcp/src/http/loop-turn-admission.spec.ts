import { describe, expect, it } from '@jest/globals';
import { LoopTurnAdmission } from './loop-turn-admission.js';

/** Resolves after the event loop has turned once more (an immediate scheduled now runs in the next check phase). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

describe('LoopTurnAdmission', () => {
  it('starts requests at once below its share per turn', () => {
    const admission = new LoopTurnAdmission(4);
    const started: number[] = [];
    for (let request = 0; request < 4; request++) admission.admit(() => started.push(request));
    expect(started).toEqual([0, 1, 2, 3]);
    expect(admission.queued).toBe(0);
  });

  it('lets the rest wait, then starts them first come, first served, a share per turn', async () => {
    const admission = new LoopTurnAdmission(4);
    const started: number[] = [];
    for (let request = 0; request < 14; request++) admission.admit(() => started.push(request));
    expect(started).toEqual([0, 1, 2, 3]);
    expect(admission.queued).toBe(10);
    const perTurn: number[] = [];
    while (admission.queued > 0) {
      const before = started.length;
      await new Promise<void>((resolve) => setImmediate(resolve));
      perTurn.push(started.length - before);
    }
    expect(perTurn.every((count) => count <= 4)).toBe(true);
    expect(started).toEqual(Array.from({ length: 14 }, (_, request) => request));
  });

  it('does not let a request that arrives later pass those waiting', async () => {
    const admission = new LoopTurnAdmission(2);
    const started: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) admission.admit(() => started.push(name));
    await new Promise<void>((resolve) => setImmediate(resolve));
    admission.admit(() => started.push('late'));
    await nextTurn();
    await nextTurn();
    expect(started).toEqual(['a', 'b', 'c', 'd', 'late']);
  });

  it('starts each waiting request in a task of its own, so one runs until it waits before the next starts', async () => {
    const admission = new LoopTurnAdmission(2);
    const steps: string[] = [];
    const request = (name: string) => () => {
      steps.push(name);
      queueMicrotask(() => steps.push(`${name} continued`));
    };
    for (const name of ['a', 'b', 'c', 'd']) admission.admit(request(name));
    while (admission.queued > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    await nextTurn();
    expect(steps.slice(4)).toEqual(['c', 'c continued', 'd', 'd continued']);
  });

  it('compacts its queue as it drains under sustained overload, and starts every request', async () => {
    const admission = new LoopTurnAdmission(8);
    const internals = admission as unknown as { waiting: unknown[] };
    let started = 0;
    let mostAlreadyStarted = 0;
    for (let turn = 0; turn < 200; turn++) {
      for (let request = 0; request < 30; request++) admission.admit(() => started++);
      await new Promise<void>((resolve) => setImmediate(resolve));
      mostAlreadyStarted = Math.max(mostAlreadyStarted, internals.waiting.length - admission.queued);
    }
    while (admission.queued > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(started).toBe(6_000);
    expect(mostAlreadyStarted).toBeLessThanOrEqual(1_024 + 8);
    expect(internals.waiting.length).toBe(0);
  });
});
