import { Command } from 'commander';

// Placeholder: being written.
export function callCommand(): Command {
  return new Command('call');
}
