import { Command } from 'commander';

// Placeholder: being written.
export function checkCommand(): Command {
  return new Command('check');
}
