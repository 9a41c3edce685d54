import type { ServerEvent } from '@modelcontextprotocol/server';
import { Inject, Injectable } from '@nestjs/common';
import { VERSIONS_META_KEY } from '../protocol/component-versions.js';
import { compareSemver } from './semver.js';
import { GUARDS_METADATA, INTERCEPTORS_METADATA } from '@nestjs/common/constants.js';
import type { CanActivate, NestInterceptor, Type } from '@nestjs/common';
import { combineAccess } from '../access/access-requirement.js';
import type { McpAccessMark } from '../decorators/access.decorators.js';
import type { PromptOptions, ResourceOptions, ToolOptions } from '../interfaces/component-options.interface.js';
import type { McpContext } from '../interfaces/mcp-context.interface.js';
import { McpPipelineFactory } from '../pipeline/mcp-pipeline.factory.js';
import { MCP_NOTIFICATION_BUS, type McpNotificationBus } from '../interfaces/notification-bus.interface.js';
import { buildPrompt, buildResource, buildTool, type HandlerSource } from './component-builder.js';
import { completionKey, type CompletionComponent, type McpComponent, type PromptComponent, type ResourceComponent, type ToolComponent } from './component.types.js';

type DynamicHandler = (args: any, context: McpContext) => unknown;

interface DynamicEnhancers {
  /** Guards for this handler, on top of the global ones. */
  guards?: (Type<CanActivate> | CanActivate)[];
  interceptors?: (Type<NestInterceptor> | NestInterceptor)[];
  /** What the caller must have, as `@RequireScopes` / `@RequireRoles` / `@RequireClaims` / `@Public` would say. */
  access?: McpAccessMark;
}

export interface DynamicToolDefinition extends ToolOptions, DynamicEnhancers {
  name: string;
  handler: DynamicHandler;
}

export interface DynamicResourceDefinition extends ResourceOptions, DynamicEnhancers {
  name: string;
  /** Receives the template variables (an empty object for a fixed URI). */
  handler: DynamicHandler;
}

export interface DynamicPromptDefinition extends PromptOptions, DynamicEnhancers {
  name: string;
  handler: DynamicHandler;
}

/** Where a component found at bootstrap was declared: the provider (its Nest instance wrapper) and the method. */
export interface ComponentOrigin {
  readonly provider: object;
  readonly method: string;
}

/**
 * Every tool, resource and prompt of the server: those found on providers at bootstrap and those added at run
 * time. Adding or removing one notifies connected clients (`notifications/<kind>/list_changed`).
 */
@Injectable()
export class McpRegistry {
  /** Each tool name's served tool: the highest version when it has several. */
  private readonly tools = new Map<string, ToolComponent>();
  /** Every version of the tools that have them, by name and version. */
  private readonly toolVersions = new Map<string, Map<string, ToolComponent>>();
  private readonly prompts = new Map<string, PromptComponent>();
  private readonly fixedResources = new Map<string, ResourceComponent>();
  private readonly templates: ResourceComponent[] = [];
  private readonly completions = new Map<string, CompletionComponent>();
  private readonly origins = new WeakMap<McpComponent, ComponentOrigin>();

  constructor(
    private readonly pipelines: McpPipelineFactory,
    @Inject(MCP_NOTIFICATION_BUS) private readonly bus: McpNotificationBus,
  ) {}

  addTool(definition: DynamicToolDefinition): void {
    this.register(buildTool(definition, this.dynamicSource(definition)));
    this.bus.publish({ kind: 'tools_list_changed' });
  }

  /** Removes the tool of that name, every version of it. */
  removeTool(name: string): boolean {
    this.toolVersions.delete(name);
    const removed = this.tools.delete(name);
    if (removed) this.bus.publish({ kind: 'tools_list_changed' });
    return removed;
  }

  addResource(definition: DynamicResourceDefinition): void {
    this.register(buildResource(definition, this.dynamicSource(definition)));
    this.bus.publish({ kind: 'resources_list_changed' });
  }

  /** Removes a resource or template by its URI (template) or name. */
  removeResource(uriOrName: string): boolean {
    const match = (resource: ResourceComponent) => resource.uri === uriOrName || resource.name === uriOrName;
    let removed = false;
    for (const [uri, resource] of this.fixedResources) {
      if (match(resource)) removed = this.fixedResources.delete(uri) || removed;
    }
    const index = this.templates.findIndex(match);
    if (index >= 0) {
      this.templates.splice(index, 1);
      removed = true;
    }
    if (removed) this.bus.publish({ kind: 'resources_list_changed' });
    return removed;
  }

  addPrompt(definition: DynamicPromptDefinition): void {
    this.register(buildPrompt(definition, this.dynamicSource(definition)));
    this.bus.publish({ kind: 'prompts_list_changed' });
  }

  removePrompt(name: string): boolean {
    const removed = this.prompts.delete(name);
    if (removed) this.bus.publish({ kind: 'prompts_list_changed' });
    return removed;
  }

  /**
   * Tells subscribed clients that a resource's content changed (`notifications/resources/updated`) and ends its cached
   * reads. A mounted module's own URI (`repo://trending`) reaches the subscribers of the URI this server serves it
   * under (`repo://github/trending`).
   */
  notifyResourceUpdated(uri: string): void {
    this.bus.publish({ kind: 'resource_updated', uri } satisfies ServerEvent);
  }

  /**
   * @internal Adds a component found at bootstrap; duplicate names fail with both sources named. The same provider
   * method found again (the same container initialised twice, e.g. by the test kit and then by an app) is left as it
   * is: returns false.
   */
  register(component: McpComponent, origin?: ComponentOrigin): boolean {
    if (component.kind === 'tool') return component.version === undefined ? this.insert(this.tools, component.name, component, 'tool', origin) : this.insertVersion(component, origin);
    if (component.kind === 'prompt') return this.insert(this.prompts, component.name, component, 'prompt', origin);
    if (component.kind === 'completion') {
      const key = completionKey(component.target, component.ref, component.argument);
      return this.insert(this.completions, key, component, 'completion', origin);
    }
    if (!component.template) return this.insert(this.fixedResources, component.uri, component, 'resource', origin);
    const clash = this.templates.find((existing) => existing.uri === component.uri);
    if (clash) {
      if (this.sameOrigin(clash, origin)) return false;
      throw duplicateError('resource template', component.uri, clash, component);
    }
    this.templates.push(component);
    if (origin) this.origins.set(component, origin);
    return true;
  }

  /** The tool of that name: the version asked for, else the highest. */
  getTool(name: string, version?: string): ToolComponent | undefined {
    return version === undefined ? this.tools.get(name) : this.toolVersions.get(name)?.get(version);
  }

  /** The versions served under a tool name, lowest first (none for a tool without versions). */
  toolVersionsOf(name: string): string[] {
    return [...(this.toolVersions.get(name)?.keys() ?? [])].sort(compareSemver);
  }

  /** Whether any tool can run as a task (the server then advertises task support). */
  hasTaskTools(): boolean {
    for (const tool of this.tools.values()) if (tool.taskSupport !== 'forbidden') return true;
    return false;
  }

  getCompletion(target: 'prompt' | 'resource', ref: string, argument: string): CompletionComponent | undefined {
    return this.completions.get(completionKey(target, ref, argument));
  }

  /** The template registered under exactly this URI template. */
  getTemplate(uriTemplate: string): ResourceComponent | undefined {
    return this.templates.find((template) => template.uri === uriTemplate);
  }

  getPrompt(name: string): PromptComponent | undefined {
    return this.prompts.get(name);
  }

  /** The resource serving a URI and the template variables it matched (empty for a fixed URI). */
  findResource(uri: string): { resource: ResourceComponent; variables: Record<string, string | string[]> } | undefined {
    const fixed = this.fixedResources.get(uri);
    if (fixed) return { resource: fixed, variables: {} };
    for (const resource of this.templates) {
      const variables = resource.template!.match(uri);
      if (variables) return { resource, variables };
    }
    return undefined;
  }

  /** Every tool, resource, resource template and prompt (what a client can call), in that order. */
  listCallable(): (ToolComponent | ResourceComponent | PromptComponent)[] {
    return [...this.tools.values(), ...this.fixedResources.values(), ...this.templates, ...this.prompts.values()];
  }

  listTools(): ToolComponent[] {
    return [...this.tools.values()];
  }

  listPrompts(): PromptComponent[] {
    return [...this.prompts.values()];
  }

  listResources(): ResourceComponent[] {
    return [...this.fixedResources.values()];
  }

  listResourceTemplates(): ResourceComponent[] {
    return [...this.templates];
  }

  private insert<T extends McpComponent>(map: Map<string, T>, key: string, component: T, what: string, origin?: ComponentOrigin): boolean {
    const clash = map.get(key);
    if (clash) {
      if (this.sameOrigin(clash, origin)) return false;
      throw duplicateError(what, key, clash, component);
    }
    map.set(key, component);
    if (origin) this.origins.set(component, origin);
    return true;
  }

  /** One version of a tool beside others of its name; the highest is the one listed and called by default. */
  private insertVersion(tool: ToolComponent, origin?: ComponentOrigin): boolean {
    const versions = this.toolVersions.get(tool.name) ?? new Map<string, ToolComponent>();
    const unversioned = this.tools.get(tool.name);
    if (unversioned && unversioned.version === undefined) {
      throw new Error(`The tool "${tool.name}" of ${tool.source} has a version but the one of ${unversioned.source} has none: give every tool of that name a version`);
    }
    if (!this.insert(versions, tool.version!, tool, `version of tool "${tool.name}"`, origin)) return false;
    this.toolVersions.set(tool.name, versions);
    const listed = [...versions.keys()].sort(compareSemver);
    for (const each of versions.values()) each.descriptor._meta = { ...each.descriptor._meta, [VERSIONS_META_KEY]: listed };
    const current = this.tools.get(tool.name);
    if (!current || compareSemver(tool.version!, current.version!) > 0) this.tools.set(tool.name, tool);
    return true;
  }

  private sameOrigin(registered: McpComponent, origin: ComponentOrigin | undefined): boolean {
    const known = this.origins.get(registered);
    return !!known && !!origin && known.provider === origin.provider && known.method === origin.method;
  }

  private dynamicSource(definition: { name: string; handler: DynamicHandler } & DynamicEnhancers): HandlerSource {
    const handler = (...args: unknown[]) => (definition.handler as (...a: unknown[]) => unknown)(...args);
    if (definition.guards?.length) Reflect.defineMetadata(GUARDS_METADATA, definition.guards, handler);
    if (definition.interceptors?.length) Reflect.defineMetadata(INTERCEPTORS_METADATA, definition.interceptors, handler);
    return {
      defaultName: definition.name,
      label: `dynamic "${definition.name}"`,
      params: { argsType: Object, named: [] },
      pipeline: this.pipelines.forFunction(handler),
      access: combineAccess(definition.access ? [definition.access] : []),
    };
  }
}

function duplicateError(what: string, key: string, first: McpComponent, second: McpComponent): Error {
  return new Error(`Duplicate MCP ${what} "${key}": declared by ${first.source} and by ${second.source}`);
}
