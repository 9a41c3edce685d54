import type { PaginatedRequest, ServerContext } from '@modelcontextprotocol/server';
import { Inject, Injectable } from '@nestjs/common';
import { checkAccess } from '../../access/access-check.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../../options/mcp-options.js';
import type { McpComponent } from '../../registry/component.types.js';
import { McpRegistry } from '../../registry/mcp-registry.js';
import { callInfo } from '../invocation/call-info.js';
import { McpInvoker } from '../invocation/mcp-invoker.js';
import type { McpServerBinding } from '../server-binding.js';
import { paginate } from './pagination.js';

/** `tools/list`, `resources/list`, `resources/templates/list`, `prompts/list`: what this caller may see, a page at a time. */
@Injectable()
export class ComponentLists {
  constructor(
    private readonly registry: McpRegistry,
    private readonly invoker: McpInvoker,
    @Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions,
  ) {}

  async tools(binding: McpServerBinding, request: PaginatedRequest, sdk: ServerContext) {
    const { page, nextCursor } = await this.page(this.registry.listTools(), binding, request, sdk);
    return { tools: page.map((tool) => tool.descriptor), ...(nextCursor ? { nextCursor } : {}) };
  }

  async resources(binding: McpServerBinding, request: PaginatedRequest, sdk: ServerContext) {
    const { page, nextCursor } = await this.page(this.registry.listResources(), binding, request, sdk);
    return { resources: page.map((resource) => resource.descriptor) as never[], ...(nextCursor ? { nextCursor } : {}) };
  }

  async resourceTemplates(binding: McpServerBinding, request: PaginatedRequest, sdk: ServerContext) {
    const { page, nextCursor } = await this.page(this.registry.listResourceTemplates(), binding, request, sdk);
    return { resourceTemplates: page.map((template) => template.descriptor) as never[], ...(nextCursor ? { nextCursor } : {}) };
  }

  async prompts(binding: McpServerBinding, request: PaginatedRequest, sdk: ServerContext) {
    const { page, nextCursor } = await this.page(this.registry.listPrompts(), binding, request, sdk);
    return { prompts: page.map((prompt) => prompt.descriptor), ...(nextCursor ? { nextCursor } : {}) };
  }

  /**
   * The visible components, in registration order: a component whose guards deny the caller is hidden, not just
   * refused; one whose scopes, roles or claims the caller lacks only with `auth.hideForbidden`.
   */
  private async page<T extends McpComponent>(components: T[], binding: McpServerBinding, request: PaginatedRequest, sdk: ServerContext) {
    return paginate(await this.visible(components, binding, sdk), request.params?.cursor, this.options.pageSize);
  }

  private async visible<T extends McpComponent>(components: T[], binding: McpServerBinding, sdk: ServerContext): Promise<T[]> {
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
