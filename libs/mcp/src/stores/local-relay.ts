import type { McpRelay } from '../interfaces/relay.interface.js';

/** The single-process relay: everything lives here, so there is nothing to relay. */
export class LocalRelay implements McpRelay {
  async publish(): Promise<void> {}

  async subscribe(): Promise<() => void> {
    return () => undefined;
  }
}
