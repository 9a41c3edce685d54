import type { ServerContext } from '@modelcontextprotocol/server';
import { Inject, Injectable } from '@nestjs/common';
import { checkAccess } from '../../access/access-check.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../../options/mcp-options.js';
import type { PromptComponent, ResourceComponent, ToolComponent } from '../../registry/component.types.js';
import { McpRegistry } from '../../registry/mcp-registry.js';
import { callInfo } from '../invocation/call-info.js';
import { McpInvoker } from '../invocation/mcp-invoker.js';
import { ComponentVisibility } from '../component-visibility.js';
import type { McpServerBinding } from '../server-binding.js';

/**
 * `tools/list`, `resources/list`, `resources/templates/list`, `prompts/list`: the whole list this caller may see.
 * MCP middleware sees it whole; the message chain cuts the page the request's cursor asks for afterwards.
 */
@Injectable()
export class ComponentLists {
  constructor(
    private readonly registry: McpRegistry,
    private readonly invoker: McpInvoker,
    private readonly visibility: ComponentVisibility,
    @Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions,
  ) {}

  async tools(binding: McpServerBinding, sdk: ServerContext) {
    const visible = await this.visible(this.registry.listTools(), binding, sdk);
    return { tools: visible.map((tool) => tool.descriptor) };
  }

  async resources(binding: McpServerBinding, sdk: ServerContext) {
    const visible = await this.visible(this.registry.listResources(), binding, sdk);
    return { resources: visible.map((resource) => resource.descriptor) as never[] };
  }

  async resourceTemplates(binding: McpServerBinding, sdk: ServerContext) {
    const visible = await this.visible(this.registry.listResourceTemplates(), binding, sdk);
    return { resourceTemplates: visible.map((template) => template.descriptor) as never[] };
  }

  async prompts(binding: McpServerBinding, sdk: ServerContext) {
    const visible = await this.visible(this.registry.listPrompts(), binding, sdk);
    return { prompts: visible.map((prompt) => prompt.descriptor) };
  }

  /**
   * The visible components, in registration order: those the session sees (`disabled`, `ctx.session.enable()`), minus
   * those whose guards deny the caller (hidden, not just refused) and, with `auth.hideForbidden`, those whose scopes,
   * roles or claims the caller lacks.
   */
  private async visible<T extends ToolComponent | ResourceComponent | PromptComponent>(components: T[], binding: McpServerBinding, sdk: ServerContext): Promise<T[]> {
    components = components.filter((component) => this.visibility.allows(binding, component));
    if (!components.length) return components;
    if (this.options.auth?.hideForbidden) {
      const auth = sdk.http?.authInfo;
      components = components.filter((component) => !checkAccess(component.access, auth));
    }
    const method = sdk.mcpReq.method;
    const allows = this.invoker.guardCheck(binding, sdk);
    const allowed = await Promise.all(components.map((component) => allows(component, callInfo(method, component))));
    return components.filter((_, index) => allowed[index]);
  }
}
