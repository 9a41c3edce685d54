/** Requests started per event-loop turn, at most, before the others wait for a later turn. */
export const REQUESTS_PER_TURN = 16;

/** How far the queue's head may advance before the array is compacted (the queue never grows past the waiters). */
const COMPACT_AFTER = 1_024;

/**
 * Starts requests in batches when the process is saturated, so that new connections are accepted while the open ones
 * are served. Node (libuv 1.45 and later) accepts one new connection per event-loop turn, and a saturated turn serves
 * every connection that has a request ready: at 1,000 busy connections a turn lasts about 80 ms, so a burst of new
 * connections waits in the kernel's accept queue for tens of seconds while the open ones are answered in milliseconds.
 * Here a turn starts at most `perTurn` requests as they arrive; the others wait, first come, first served, and the
 * next turn starts `perTurn` of them after it polled (and accepted). Below saturation nothing waits.
 */
export class LoopTurnAdmission {
  private readonly waiting: (() => void)[] = [];
  private head = 0;
  private startedThisTurn = 0;
  private turnEndScheduled = false;

  constructor(private readonly perTurn = REQUESTS_PER_TURN) {}

  /** Runs `start` now, or in a later turn when this one has started its share. */
  admit(start: () => void): void {
    this.scheduleTurnEnd();
    if (this.head === this.waiting.length && this.startedThisTurn < this.perTurn) {
      this.startedThisTurn++;
      start();
      return;
    }
    this.waiting.push(start);
  }

  /** Requests waiting for a turn. */
  get queued(): number {
    return this.waiting.length - this.head;
  }

  private scheduleTurnEnd(): void {
    if (this.turnEndScheduled) return;
    this.turnEndScheduled = true;
    setImmediate(this.endTurn);
  }

  private readonly endTurn = (): void => {
    this.turnEndScheduled = false;
    this.startedThisTurn = 0;
    const releasing = Math.min(this.perTurn, this.queued);
    // Each in an immediate of its own, run in the next turn after it polled: as in a poll, one request runs until it
    // waits for I/O before the next starts (concurrent requests of one session keep the order they had without this).
    for (let released = 0; released < releasing; released++) setImmediate(this.startNext);
    if (this.queued > releasing) this.scheduleTurnEnd();
  };

  private readonly startNext = (): void => {
    const start = this.waiting[this.head++];
    if (this.head === this.waiting.length) {
      this.waiting.length = 0;
      this.head = 0;
    } else if (this.head > COMPACT_AFTER) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    start();
  };
}

/** One per process: the event loop is. */
const processAdmission = new LoopTurnAdmission();

/** Puts a Fastify route's requests through the process's admission before any of its other hooks. */
export function addLoopTurnAdmission(route: { onRequest?: unknown }, admission: LoopTurnAdmission = processAdmission): void {
  const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
  route.onRequest = [(_request: unknown, _reply: unknown, done: () => void) => admission.admit(done), ...existing];
}
