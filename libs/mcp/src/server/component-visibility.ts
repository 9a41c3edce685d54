import { Inject, Injectable } from '@nestjs/common';
import type { McpComponentFilter } from '../interfaces/component-visibility.interface.js';
import { filterMatches, type VisibilitySubject } from '../options/component-filter.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import type { PromptComponent, ResourceComponent, ToolComponent } from '../registry/component.types.js';
import type { McpServerBinding } from './server-binding.js';

type ListedComponent = ToolComponent | ResourceComponent | PromptComponent;

/**
 * Whether a session sees a component: its own `ctx.session.enable()` / `disable()` rules decide (the last matching
 * one), else the server's `disabled` option. Free when neither is used.
 */
@Injectable()
export class ComponentVisibility {
  private readonly disabled: readonly McpComponentFilter[];

  constructor(@Inject(MCP_OPTIONS) options: Pick<McpResolvedOptions, 'disabled'>) {
    this.disabled = options.disabled;
  }

  allows(binding: McpServerBinding, component: ListedComponent): boolean {
    if (!this.disabled.length && !binding.visibility?.rules.length) return true;
    return this.decide(binding, subjectOf(component));
  }

  /** For tools that are not components (`list_resources` and the other bridge tools), by name. */
  allowsTool(binding: McpServerBinding, name: string): boolean {
    if (!this.disabled.length && !binding.visibility?.rules.length) return true;
    return this.decide(binding, { kind: 'tool', names: [name], tags: [] });
  }

  private decide(binding: McpServerBinding, subject: VisibilitySubject): boolean {
    return binding.visibility?.decides(subject) ?? !this.disabled.some((filter) => filterMatches(filter, subject));
  }
}

function subjectOf(component: ListedComponent): VisibilitySubject {
  const names = component.kind === 'resource' ? [component.name, component.uri] : [component.name];
  return { kind: component.kind, names, tags: component.tags };
}
