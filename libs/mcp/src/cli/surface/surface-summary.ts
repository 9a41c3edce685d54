import type { McpSurface } from './surface.js';

/** `5 tools, 2 resources, 1 resource template, 2 prompts` */
export function surfaceSummary(surface: McpSurface): string {
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  return [
    count(surface.tools.length, 'tool'),
    count(surface.resources.length, 'resource'),
    count(surface.resourceTemplates.length, 'resource template'),
    count(surface.prompts.length, 'prompt'),
  ].join(', ');
}
