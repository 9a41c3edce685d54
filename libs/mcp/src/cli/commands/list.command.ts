import { Command } from 'commander';

// Placeholder: being written.
export function listCommand(): Command {
  return new Command('list');
}
