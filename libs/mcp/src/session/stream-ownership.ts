import type { RequestId } from '@modelcontextprotocol/server';

/** Who serves the calls of one resumable SSE stream, and which of them are still unanswered. */
export interface StreamOwner {
  instanceId: string;
  pending: RequestId[];
}

/**
 * Records which instance answers the requests of each resumable stream, so that an instance resuming the stream
 * after its owner died can answer the orphaned requests with an error instead of leaving the client waiting.
 */
export interface StreamOwnership {
  claim(streamKey: string, owner: StreamOwner): Promise<void>;
  /** The request was answered on the stream. */
  settle(streamKey: string, requestId: RequestId): Promise<void>;
  get(streamKey: string): Promise<StreamOwner | undefined>;
}

export class MemoryStreamOwnership implements StreamOwnership {
  private readonly owners = new Map<string, StreamOwner>();

  async claim(streamKey: string, owner: StreamOwner): Promise<void> {
    this.owners.set(streamKey, { instanceId: owner.instanceId, pending: [...owner.pending] });
  }

  async settle(streamKey: string, requestId: RequestId): Promise<void> {
    const owner = this.owners.get(streamKey);
    if (!owner) return;
    owner.pending = owner.pending.filter((id) => id !== requestId);
    if (!owner.pending.length) this.owners.delete(streamKey);
  }

  async get(streamKey: string): Promise<StreamOwner | undefined> {
    return this.owners.get(streamKey);
  }
}
