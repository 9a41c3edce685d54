/** Which server instances are alive, so work left by one that died (SIGKILL) can be reported as failed. */
export interface InstanceRegistry {
  /** Says this instance is alive for the next `ttlMs`. */
  announce(instanceId: string, ttlMs: number): Promise<void>;
  alive(instanceId: string): Promise<boolean>;
  /** Says this instance is gone (clean shutdown). */
  retire(instanceId: string): Promise<void>;
}

/** One process: the only instance is this one, alive as long as anyone can ask. */
export class LocalInstances implements InstanceRegistry {
  async announce(): Promise<void> {}

  async alive(): Promise<boolean> {
    return true;
  }

  async retire(): Promise<void> {}
}
