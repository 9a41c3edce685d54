import type { InstanceRegistry } from '../interfaces/state-layer.interface.js';

/** One process: the only instance is this one, alive as long as anyone can ask. */
export class LocalInstances implements InstanceRegistry {
  async announce(): Promise<void> {}

  async alive(): Promise<boolean> {
    return true;
  }

  async retire(): Promise<void> {}
}
