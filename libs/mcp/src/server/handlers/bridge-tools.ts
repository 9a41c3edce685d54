import {
  isInputRequiredResult,
  ProtocolError,
  type CallToolResult,
  type GetPromptResult,
  type InputRequiredResult,
  type ReadResourceResult,
  type ServerContext,
  type Tool,
} from '@modelcontextprotocol/server';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { toolErrorResult } from '../../errors/tool-error-result.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../../options/mcp-options.js';
import { isPlainObject } from '../../protocol/json-rpc-shape.js';
import { McpRegistry } from '../../registry/mcp-registry.js';
import type { McpServerBinding } from '../server-binding.js';
import { ComponentLists } from './component-lists.js';
import { PromptGets } from './prompt-gets.js';
import { ResourceReads } from './resource-reads.js';

type BridgeCall = (binding: McpServerBinding, args: Record<string, unknown>, sdk: ServerContext) => Promise<CallToolResult | InputRequiredResult>;

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const NO_ARGUMENTS = { type: 'object' as const, properties: {}, additionalProperties: false };

/**
 * `resourcesAsTools` / `promptsAsTools`: `list_resources` + `read_resource` and `list_prompts` + `get_prompt`, tools
 * for clients that only speak tools. Each runs the real list, read or get for the same caller, so guards, access
 * requirements and everything the lists hide apply as they do to the methods themselves.
 */
@Injectable()
export class BridgeTools implements OnApplicationBootstrap {
  private readonly tools = new Map<string, { descriptor: Tool; call: BridgeCall; option: 'resourcesAsTools' | 'promptsAsTools' }>();

  constructor(
    @Inject(MCP_OPTIONS) options: McpResolvedOptions,
    private readonly registry: McpRegistry,
    private readonly lists: ComponentLists,
    private readonly reads: ResourceReads,
    private readonly prompts: PromptGets,
  ) {
    if (options.resourcesAsTools) {
      this.add(
        'resourcesAsTools',
        { name: 'list_resources', description: 'List the resources and resource templates this server offers.', inputSchema: NO_ARGUMENTS, annotations: READ_ONLY },
        async (binding, _args, sdk) => {
          const [{ resources }, { resourceTemplates }] = await Promise.all([this.lists.resources(binding, sdk), this.lists.resourceTemplates(binding, sdk)]);
          return structured({ resources, resourceTemplates });
        },
      );
      this.add(
        'resourcesAsTools',
        {
          name: 'read_resource',
          description: 'Read a resource by its URI (a listed resource, or a URI that matches a resource template).',
          inputSchema: { type: 'object', properties: { uri: { type: 'string', description: 'The resource URI' } }, required: ['uri'], additionalProperties: false },
          annotations: READ_ONLY,
        },
        (binding, args, sdk) => asToolResult(this.reads.read(binding, { method: 'resources/read', params: { uri: args.uri as string } }, sdk), embedContents),
      );
    }
    if (options.promptsAsTools) {
      this.add(
        'promptsAsTools',
        { name: 'list_prompts', description: 'List the prompts this server offers, with their arguments.', inputSchema: NO_ARGUMENTS, annotations: READ_ONLY },
        async (binding, _args, sdk) => structured(await this.lists.prompts(binding, sdk)),
      );
      this.add(
        'promptsAsTools',
        {
          name: 'get_prompt',
          description: 'Get a prompt by name, with its arguments filled in.',
          inputSchema: {
            type: 'object',
            properties: {
              name: { type: 'string', description: 'The prompt name' },
              arguments: { type: 'object', additionalProperties: { type: 'string' }, description: 'The prompt arguments' },
            },
            required: ['name'],
            additionalProperties: false,
          },
          annotations: READ_ONLY,
        },
        (binding, args, sdk) =>
          asToolResult(
            this.prompts.get(binding, { method: 'prompts/get', params: { name: args.name as string, arguments: args.arguments as Record<string, string> | undefined } }, sdk),
            (result: GetPromptResult) => structured(result),
          ),
      );
    }
  }

  /** A component of the app under a bridge tool's name would be unreachable: refused at start-up. */
  onApplicationBootstrap(): void {
    for (const [name, { option }] of this.tools) {
      if (this.registry.getTool(name)) throw new Error(`The tool "${name}" clashes with the ${option} tool of that name: rename it`);
    }
  }

  /** The bridge tools' descriptors, listed after the app's own tools. */
  descriptors(): Tool[] {
    return [...this.tools.values()].map((tool) => tool.descriptor);
  }

  has(name: string): boolean {
    return this.tools.has(name);
  }

  /** Runs a bridge tool; a refusal of the underlying read or get is the tool's error result, as for any tool. */
  call(name: string, binding: McpServerBinding, args: unknown, sdk: ServerContext): Promise<CallToolResult | InputRequiredResult> {
    const tool = this.tools.get(name)!;
    const problem = argumentProblem(tool.descriptor, args);
    if (problem) return Promise.resolve(toolErrorResult(`Invalid arguments for tool "${name}": ${problem}`));
    return tool.call(binding, (args ?? {}) as Record<string, unknown>, sdk);
  }

  private add(option: 'resourcesAsTools' | 'promptsAsTools', descriptor: Tool, call: BridgeCall): void {
    this.tools.set(descriptor.name, { descriptor, call, option });
  }
}

function structured(value: object): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value as Record<string, unknown> };
}

function embedContents(result: ReadResourceResult): CallToolResult {
  return { content: result.contents.map((resource) => ({ type: 'resource' as const, resource })) };
}

async function asToolResult<T>(pending: Promise<T | InputRequiredResult>, toResult: (value: T) => CallToolResult): Promise<CallToolResult | InputRequiredResult> {
  try {
    const value = await pending;
    return isInputRequiredResult(value) ? (value as InputRequiredResult) : toResult(value as T);
  } catch (error) {
    if (error instanceof ProtocolError) return toolErrorResult(error.message);
    throw error;
  }
}

/** The few shapes the bridge tools take, checked by hand: their schemas are fixed and tiny. */
function argumentProblem(descriptor: Tool, args: unknown): string | undefined {
  if (args !== undefined && !isPlainObject(args)) return 'expected an object';
  const given = (args ?? {}) as Record<string, unknown>;
  const properties = descriptor.inputSchema.properties ?? {};
  for (const key of Object.keys(given)) if (!Object.hasOwn(properties, key)) return `unknown argument "${key}"`;
  for (const key of descriptor.inputSchema.required ?? []) if (typeof given[key] !== 'string') return `"${key}" must be a string`;
  const extra = given.arguments;
  if (extra !== undefined && (!isPlainObject(extra) || Object.values(extra).some((value) => typeof value !== 'string'))) {
    return '"arguments" must be an object of strings';
  }
  return undefined;
}
