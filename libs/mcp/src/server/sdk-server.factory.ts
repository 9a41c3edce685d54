import type {
  CallToolRequest,
  CompleteRequest,
  GetPromptRequest,
  ListPromptsRequest,
  ListResourcesRequest,
  ListResourceTemplatesRequest,
  ListToolsRequest,
  ReadResourceRequest,
  RequestId,
  Server,
  ServerCapabilities,
  ServerOptions,
} from '@modelcontextprotocol/server';
import { Inject, Injectable } from '@nestjs/common';
import { InputRoundStates } from '../context/input-round-states.js';
import type { McpTransportKind } from '../interfaces/mcp-context.interface.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import type { McpEra } from '../protocol/eras.js';
import { McpRegistry } from '../registry/mcp-registry.js';
import { toSdkCacheHint } from '../results/cache-hints.js';
import { ConnectionSessionState } from '../session/connection-session.js';
import { ResourceSubscriptions } from '../session/resource-subscriptions.js';
import { SessionLogLevel } from '../session/session-log-level.js';
import { SessionVisibility } from '../session/session-visibility.js';
import { ChangeNotifications, sendListChanged } from './change-notifications.js';
import { ServerEras } from './eras/server-eras.js';
import { ComponentLists } from './handlers/component-lists.js';
import { Completions } from './handlers/completions.js';
import { PromptGets } from './handlers/prompt-gets.js';
import { ResourceReads } from './handlers/resource-reads.js';
import { BridgeTools } from './handlers/bridge-tools.js';
import { ToolCalls } from './handlers/tool-calls.js';
import { McpMessageChain } from './messages/mcp-message-chain.js';
import { HotPathServer } from './hot-path-server.js';
import type { BoundRequestHandler } from './lazy-request-handlers.js';
import type { McpServerBinding } from './server-binding.js';
import { ComponentVisibility } from './component-visibility.js';

export interface CreateServerOptions {
  transport: McpTransportKind;
  /** The protocol era the instance will serve (its task methods, capabilities and input behaviour differ). */
  era: McpEra;
  /**
   * How long the instance lives: as long as its `connection` (a 2025 session, stdio, in memory), where it can push
   * notifications to its client (when its era does), or for one `request`.
   */
  lifetime: 'connection' | 'request';
  /** The client's resource subscriptions, when they live with a shared session. Default: kept in this instance. */
  subscriptions?: ResourceSubscriptions;
  /** The session's log level, when it lives with a shared session. Default: kept in this instance (2025) or the SDK's. */
  logLevel?: SessionLogLevel;
  /** Records a call's stream as resumable elsewhere before it closes early (`ctx.closeStream()`). */
  claimStream?: (requestId: RequestId) => Promise<void>;
  /** The session's component visibility, when it lives with a shared session. Default: kept in this instance. */
  visibility?: SessionVisibility;
}

const BASE_CAPABILITIES: ServerCapabilities = {
  tools: { listChanged: true },
  resources: { listChanged: true, subscribe: true },
  prompts: { listChanged: true },
  logging: {},
  completions: {},
};

/** Builds SDK `Server` instances wired to the shared handlers. Cheap: everything heavy was built at bootstrap. */
@Injectable()
export class SdkServerFactory {
  private readonly cacheHints: ServerOptions['cacheHints'];
  private readonly requestState: ServerOptions['requestState'];
  /** The handlers of every server built here, given the server's binding: nothing of them is built per server. */
  private readonly handlers: ReadonlyMap<string, BoundRequestHandler<McpServerBinding>>;

  constructor(
    @Inject(MCP_OPTIONS) private readonly options: McpResolvedOptions,
    private readonly eras: ServerEras,
    private readonly registry: McpRegistry,
    private readonly lists: ComponentLists,
    private readonly toolCalls: ToolCalls,
    private readonly resourceReads: ResourceReads,
    private readonly promptGets: PromptGets,
    private readonly completions: Completions,
    private readonly changes: ChangeNotifications,
    private readonly inputStates: InputRoundStates,
    private readonly messages: McpMessageChain,
    private readonly bridge: BridgeTools,
    private readonly visibility: ComponentVisibility,
  ) {
    this.cacheHints = options.cache
      ? Object.fromEntries(Object.entries(options.cache).map(([method, hint]) => [method, toSdkCacheHint(hint)]))
      : undefined;
    this.requestState = { verify: (state, ctx) => this.inputStates.verify(state, ctx) };
    this.handlers = this.sharedHandlers();
  }

  create({ transport, era: eraName, lifetime, subscriptions = new ResourceSubscriptions(), logLevel: sharedLogLevel, claimStream, visibility }: CreateServerOptions): HotPathServer {
    const era = this.eras.of(eraName);
    // A 2026-07-28 request names its log level in its envelope, which the SDK reads.
    const logLevel = sharedLogLevel ?? (eraName === 'legacy' ? new SessionLogLevel() : undefined);
    const withTasks = this.registry.hasTaskTools();
    const server = new HotPathServer(this.options.serverInfo, {
      capabilities: withTasks ? { ...BASE_CAPABILITIES, ...era.taskCapabilities } : BASE_CAPABILITIES,
      ...(this.options.instructions ? { instructions: this.options.instructions } : {}),
      requestState: this.requestState,
      ...(this.cacheHints ? { cacheHints: this.cacheHints } : {}),
    });
    const sessionVisibility = lifetime === 'connection' ? (visibility ?? new SessionVisibility()) : undefined;
    // A 2026-07-28 client hears of changes on stdio only (through its `subscriptions/listen`, which the SDK routes).
    if (sessionVisibility && (era.pushesChanges || transport === 'stdio')) sessionVisibility.notify = (kinds) => sendListChanged(server, kinds);
    // An HTTP session is named by its transport (`Mcp-Session-Id`) and kept in the session store.
    const session = sessionVisibility && transport !== 'http' ? ConnectionSessionState.of(server, sessionVisibility) : undefined;
    const binding: McpServerBinding = { server, transport, era, logLevel, claimStream, session, visibility: sessionVisibility };
    server.runMessagesThrough(this.messages, binding);
    if (logLevel) {
      server.setRequestHandler('logging/setLevel', async (request) => {
        await logLevel.set(request.params.level);
        return {};
      });
    }
    server.serveBound(this.handlers, binding);
    if (withTasks) era.registerTaskMethods(server);
    if (lifetime === 'connection' && era.pushesChanges) this.changes.attach(server, subscriptions);
    return server;
  }

  private sharedHandlers(): ReadonlyMap<string, BoundRequestHandler<McpServerBinding>> {
    const { lists, toolCalls, resourceReads, promptGets, completions, visibility, bridge } = this;
    const handlers: [string, BoundRequestHandler<McpServerBinding>][] = [
      [
        'tools/list',
        async (binding, _request: ListToolsRequest, ctx) => {
          const { tools } = await lists.tools(binding, ctx);
          const bridged = bridge.descriptors();
          if (!bridged.length) return { tools };
          return { tools: [...tools, ...bridged.filter((tool) => visibility.allowsTool(binding, tool.name))] };
        },
      ],
      ['tools/call', (binding, request: CallToolRequest, ctx) => toolCalls.call(binding, request, ctx)],
      ['resources/list', (binding, _request: ListResourcesRequest, ctx) => lists.resources(binding, ctx)],
      ['resources/templates/list', (binding, _request: ListResourceTemplatesRequest, ctx) => lists.resourceTemplates(binding, ctx)],
      ['resources/read', (binding, request: ReadResourceRequest, ctx) => resourceReads.read(binding, request, ctx)],
      ['prompts/list', (binding, _request: ListPromptsRequest, ctx) => lists.prompts(binding, ctx)],
      ['prompts/get', (binding, request: GetPromptRequest, ctx) => promptGets.get(binding, request, ctx)],
      ['completion/complete', (binding, request: CompleteRequest, ctx) => completions.complete(binding, request, ctx)],
    ];
    return new Map(handlers);
  }
}
