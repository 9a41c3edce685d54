import { Command } from 'commander';

// Placeholder: being written.
export function snapshotCommand(): Command {
  return new Command('snapshot');
}
