import { Inject, Injectable, Logger, type OnModuleInit, type Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import { accessRequirementOf } from '../access/access-requirement.js';
import { MCP_PARAM_ARGS_METADATA } from '../decorators/metadata-keys.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import { McpPipelineFactory } from '../pipeline/mcp-pipeline.factory.js';
import type { McpToolTransform } from '../interfaces/mcp-module-options.interface.js';
import { buildCompletion, buildPrompt, buildResource, buildTool, type HandlerSource } from '../registry/component-builder.js';
import type { ToolComponent } from '../registry/component.types.js';
import { McpRegistry } from '../registry/mcp-registry.js';
import { readHandlerParams } from '../schema/handler-input-schema.js';
import { ServerNotificationBus } from '../stores/server-notification-bus.js';
import { isSelected } from './component-selection.js';
import { MountedResourceUris } from './mounted-resource-uris.js';
import { namespaced } from './namespace.js';
import { transformTool } from './tool-transform.js';
import { McpMetadataAccessor, type McpMethodMetadata } from './mcp-metadata.accessor.js';
import { untypedArgWarnings } from './untyped-arg-warnings.js';

/**
 * Finds `@Tool`, `@Resource` and `@Prompt` methods on the providers and controllers of every module and
 * registers those this server selects (`include` / `exclude`), with their schemas and Nest pipelines built once.
 */
@Injectable()
export class McpExplorer implements OnModuleInit {
  private readonly logger = new Logger('McpExplorer');
  private readonly mountedUris = new MountedResourceUris();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: McpMetadataAccessor,
    private readonly pipelines: McpPipelineFactory,
    private readonly registry: McpRegistry,
    @Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions,
  ) {}

  onModuleInit(): void {
    let count = 0;
    const transformed = new Set<string>();
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      count += this.explore(wrapper, transformed);
    }
    const unknown = [...this.options.toolTransforms.keys()].filter((name) => !transformed.has(name));
    if (unknown.length) throw new Error(`transforms.tools names tools this server does not have: ${unknown.join(', ')}`);
    this.announceMountedUpdates();
    this.logger.log(`Registered ${count} MCP component(s)`);
  }

  private explore(wrapper: InstanceWrapper, transformed: Set<string>): number {
    if (wrapper.isAlias) return 0;
    const prototype = wrapper.instance ? Object.getPrototypeOf(wrapper.instance) : (wrapper.metatype as Function | undefined)?.prototype;
    if (!prototype || prototype === Object.prototype) return 0;
    let count = 0;
    const host = wrapper.host?.metatype as Type<unknown> | undefined;
    const namespace = host ? this.options.namespaces.get(host) : undefined;
    for (const methodName of this.scanner.getAllMethodNames(prototype)) {
      const label = `${prototype.constructor.name}.${methodName}`;
      for (const declared of this.accessor.read(prototype[methodName], label)) {
        const metadata = namespace ? namespaced(declared, namespace, methodName) : declared;
        // Keyed by the wrapper and the method: a second init of the same container finds them registered already.
        const origin = { provider: wrapper, method: methodName };
        const source = this.source(wrapper, prototype, methodName, label);
        const built = this.build(metadata, source);
        if (!isSelected(this.options.selection, host, built.tags)) continue;
        if (namespace && declared.kind === 'resource') this.mountedUris.add(declared.options.uri, namespace);
        const component = built.kind === 'tool' && metadata.kind === 'tool' ? this.shown(built, metadata.transform, transformed) : built;
        if (!this.registry.register(component, origin)) continue;
        count++;
        for (const warning of untypedArgWarnings(metadata, component.name, source)) this.logger.warn(warning);
      }
    }
    return count;
  }

  /** A mounted module's code announces updates under its own URIs: the bus adds the namespaced ones clients know. */
  private announceMountedUpdates(): void {
    const bus = this.options.state.bus;
    if (bus instanceof ServerNotificationBus && !this.mountedUris.empty) bus.mountedForms = (uri) => this.mountedUris.servedAs(uri);
  }

  /** The tool as this server shows it: by its `transforms.tools` entry, else by its `@ToolTransform`, else as declared. */
  private shown(tool: ToolComponent, declared: McpToolTransform | undefined, transformed: Set<string>): ToolComponent {
    if (this.options.toolTransforms.has(tool.name)) {
      transformed.add(tool.name);
      return transformTool(tool, this.options.toolTransforms.get(tool.name)!, `transform of tool "${tool.name}"`);
    }
    return declared ? transformTool(tool, declared, `@ToolTransform of tool "${tool.name}" (${tool.source})`) : tool;
  }

  private source(wrapper: InstanceWrapper, prototype: { constructor: Function }, methodName: string, label: string): HandlerSource {
    return {
      defaultName: methodName,
      label,
      params: readHandlerParams(prototype.constructor, methodName, MCP_PARAM_ARGS_METADATA),
      pipeline: this.pipelines.forProviderMethod(wrapper, methodName),
      access: accessRequirementOf((prototype as Record<string, object>)[methodName], prototype.constructor),
    };
  }

  private build(metadata: McpMethodMetadata, source: HandlerSource) {
    switch (metadata.kind) {
      case 'tool':
        return buildTool(metadata.options, source);
      case 'resource':
        return buildResource(metadata.options, source);
      case 'prompt':
        return buildPrompt(metadata.options, source);
      case 'completion':
        return buildCompletion(metadata.options, source);
    }
  }
}
