import { Command } from 'commander';

// Placeholder: being written.
export function inspectCommand(): Command {
  return new Command('inspect');
}
