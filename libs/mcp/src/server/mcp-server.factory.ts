import {
  Server,
  type Implementation,
  type RequestStateCodec,
  type ServerCapabilities,
  type ServerEvent,
  type RequestId,
  type ServerOptions,
} from '@modelcontextprotocol/server';
import { toSdkCacheHint } from './cache-hints.js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { McpEra, McpTransportKind } from '../interfaces/mcp-context.interface.js';
import { McpRegistry } from '../registry/mcp-registry.js';
import { TASKS_EXTENSION } from '../tasks/task-wire.js';
import { MCP_RESOLVED_OPTIONS, type McpResolvedOptions } from '../mcp-options.js';
import { MCP_NOTIFICATION_BUS, type McpNotificationBus } from '../session/notification-bus.js';
import { ResourceSubscriptions } from '../session/resource-subscriptions.js';
import type { SessionLogLevel } from '../session/session-log-level.js';
import { MCP_INPUT_STATE_CODEC, type InputRoundState } from './input-required-state.js';
import { McpHandlers } from './mcp-handlers.js';
import type { McpServerBinding } from './mcp-invoker.js';
import { McpTaskMethods } from './task-methods.js';
import { McpToolCalls } from './tool-calls.js';

export interface CreateServerOptions {
  transport: McpTransportKind;
  /** The protocol era the instance will serve (its task methods and capabilities differ). */
  era: McpEra;
  /**
   * Push list_changed notifications from the bus to this instance's client. For long-lived instances (2025 sessions,
   * stdio, in-memory); per-request 2026 instances leave this to `subscriptions/listen`.
   */
  pushChanges: boolean;
  /** The client's resource subscriptions, when they live with a shared session. Default: kept in this instance. */
  subscriptions?: ResourceSubscriptions;
  /** The session's log level, when it lives with a shared session. Default: the SDK's, in this instance. */
  logLevel?: SessionLogLevel;
  /** Records a call's stream as resumable elsewhere before it closes early (`ctx.closeStream()`). */
  claimStream?: (requestId: RequestId) => Promise<void>;
}

/** Builds SDK `Server` instances wired to the shared handlers. Cheap: everything heavy was built at bootstrap. */
@Injectable()
export class McpServerFactory {
  private readonly logger = new Logger('McpServer');
  private readonly serverInfo: Implementation;
  private readonly capabilities: ServerCapabilities = {
    tools: { listChanged: true },
    resources: { listChanged: true, subscribe: true },
    prompts: { listChanged: true },
    logging: {},
    completions: {},
  };

  private readonly cacheHints: ServerOptions['cacheHints'];

  constructor(
    @Inject(MCP_RESOLVED_OPTIONS) private readonly options: McpResolvedOptions,
    private readonly handlers: McpHandlers,
    private readonly toolCalls: McpToolCalls,
    private readonly taskMethods: McpTaskMethods,
    private readonly registry: McpRegistry,
    @Inject(MCP_NOTIFICATION_BUS) private readonly bus: McpNotificationBus,
    @Inject(MCP_INPUT_STATE_CODEC) private readonly inputState: RequestStateCodec<InputRoundState>,
  ) {
    const { name, version, title, description, icons, websiteUrl } = options;
    this.serverInfo = { name, version, ...defined({ title, description, icons, websiteUrl }) };
    this.cacheHints = options.cache
      ? Object.fromEntries(Object.entries(options.cache).map(([method, hint]) => [method, toSdkCacheHint(hint)]))
      : undefined;
  }

  create({ transport, era, pushChanges, subscriptions = new ResourceSubscriptions(), logLevel, claimStream }: CreateServerOptions): Server {
    const withTasks = this.registry.hasTaskTools();
    const server = new Server(this.serverInfo, {
      capabilities: withTasks ? { ...this.capabilities, ...TASK_CAPABILITIES[era] } : this.capabilities,
      ...(this.options.instructions ? { instructions: this.options.instructions } : {}),
      requestState: { verify: (state, ctx) => this.inputState.verify(state, ctx) },
      ...(this.cacheHints ? { cacheHints: this.cacheHints } : {}),
    });
    const binding: McpServerBinding = { server, transport, logLevel, claimStream };
    if (logLevel) {
      server.setRequestHandler('logging/setLevel', async (request) => {
        await logLevel.set(request.params.level);
        return {};
      });
    }
    const handlers = this.handlers;
    server.setRequestHandler('tools/list', (request, ctx) => handlers.listTools(binding, request, ctx));
    server.setRequestHandler('tools/call', (request, ctx) => this.toolCalls.call(binding, request, ctx));
    server.setRequestHandler('resources/list', (request, ctx) => handlers.listResources(binding, request, ctx));
    server.setRequestHandler('resources/templates/list', (request, ctx) => handlers.listResourceTemplates(binding, request, ctx));
    server.setRequestHandler('resources/read', (request, ctx) => handlers.readResource(binding, request, ctx));
    server.setRequestHandler('prompts/list', (request, ctx) => handlers.listPrompts(binding, request, ctx));
    server.setRequestHandler('prompts/get', (request, ctx) => handlers.getPrompt(binding, request, ctx));
    server.setRequestHandler('completion/complete', (request, ctx) => handlers.complete(binding, request, ctx));
    if (withTasks) {
      if (era === 'modern') this.taskMethods.registerModern(server);
      else this.taskMethods.registerLegacy(server);
    }
    if (pushChanges) this.pushChanges(server, this.trackSubscriptions(server, subscriptions));
    return server;
  }

  /** 2025-era `resources/subscribe`: the URIs this instance's client wants `notifications/resources/updated` for. */
  private trackSubscriptions(server: Server, subscriptions: ResourceSubscriptions): ResourceSubscriptions {
    server.setRequestHandler('resources/subscribe', async (request) => {
      await subscriptions.add(request.params.uri);
      return {};
    });
    server.setRequestHandler('resources/unsubscribe', async (request) => {
      await subscriptions.remove(request.params.uri);
      return {};
    });
    return subscriptions;
  }

  private pushChanges(server: Server, subscribed: ResourceSubscriptions): void {
    const unsubscribe = this.bus.subscribe((event) => {
      this.forward(server, event, subscribed).catch((error: Error) => this.logger.debug(`notification not delivered: ${error.message}`));
    });
    const previous = server.onclose;
    server.onclose = () => {
      unsubscribe();
      previous?.();
    };
  }

  private async forward(server: Server, event: ServerEvent, subscribed: ResourceSubscriptions): Promise<void> {
    if (!server.transport) return;
    switch (event.kind) {
      case 'tools_list_changed':
        return server.sendToolListChanged();
      case 'prompts_list_changed':
        return server.sendPromptListChanged();
      case 'resources_list_changed':
        return server.sendResourceListChanged();
      case 'resource_updated':
        return subscribed.has(event.uri) ? server.sendResourceUpdated({ uri: event.uri }) : undefined;
    }
  }
}

const TASK_CAPABILITIES: Record<McpEra, ServerCapabilities> = {
  legacy: { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } } as ServerCapabilities,
  modern: { extensions: { [TASKS_EXTENSION]: {} } } as ServerCapabilities,
};

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
