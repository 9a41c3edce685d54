import { Command } from 'commander';

// Placeholder: being written.
export function installCommand(): Command {
  return new Command('install');
}
