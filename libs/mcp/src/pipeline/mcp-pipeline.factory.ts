import { Injectable } from '@nestjs/common';
import { ContextIdFactory, ExternalContextCreator, ModuleRef } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import { MCP_PARAM_ARGS_METADATA } from '../decorators/metadata-keys.js';
import { MCP_CONTEXT_TYPE, type McpPipelineArgs } from './mcp-call.js';
import { McpParamsFactory } from './mcp-params.factory.js';

/** A handler wrapped in the Nest pipeline (guards -> interceptors -> pipes -> method -> exception filters). */
export interface McpPipeline {
  invoke(args: McpPipelineArgs): Promise<unknown>;
  /** Runs only the guards: whether the caller may see and call the component. */
  canActivate(args: McpPipelineArgs): Promise<boolean>;
  /** The handler and its class, as MCP middleware's `getHandler()` / `getClass()` show them (for `Reflector`). */
  readonly handler: Handler;
  readonly hostClass: abstract new (...args: never[]) => unknown;
}

type Handler = (...args: unknown[]) => unknown;

/** A key under which no parameter metadata exists: guard probes must not run parameter pipes. */
const NO_PARAMS_METADATA = 'nestjs-mcp:guard-probe';
const GUARDS_ONLY = { guards: true, interceptors: false, filters: false };

/**
 * Builds the Nest pipeline of an MCP handler once, with `ExternalContextCreator` (as @nestjs/graphql does for
 * resolvers). Request-scoped providers get a fresh context id and instance per call.
 */
@Injectable()
export class McpPipelineFactory {
  private readonly paramsFactory = new McpParamsFactory();

  constructor(
    private readonly externalContextCreator: ExternalContextCreator,
    private readonly moduleRef: ModuleRef,
  ) {}

  forProviderMethod(wrapper: InstanceWrapper, methodName: string): McpPipeline {
    if (wrapper.isDependencyTreeStatic()) {
      return this.forInstance(wrapper.instance as object, methodName, wrapper.id);
    }
    const hostClass = wrapper.metatype as unknown as McpPipeline['hostClass'];
    return {
      handler: (hostClass.prototype as Record<string, Handler>)[methodName],
      hostClass,
      invoke: async (args) => (await this.resolveScoped(wrapper, methodName, args)).invoke(args),
      canActivate: async (args) => (await this.resolveScoped(wrapper, methodName, args)).canActivate(args),
    };
  }

  /** A handler registered at run time (McpRegistry): global enhancers plus the given handler metadata. */
  forFunction(handler: Handler): McpPipeline {
    const host = new DynamicHandlerHost(handler);
    return this.forInstance(host, 'handle');
  }

  private async resolveScoped(wrapper: InstanceWrapper, methodName: string, args: McpPipelineArgs): Promise<McpPipeline> {
    const contextId = ContextIdFactory.create();
    this.moduleRef.registerRequestByContextId(args[1], contextId);
    const instance = await this.moduleRef.resolve(wrapper.token as never, contextId, { strict: false });
    return this.forInstance(instance as object, methodName, wrapper.id, contextId);
  }

  private forInstance(instance: object, methodName: string, inquirerId?: string, contextId?: ReturnType<typeof ContextIdFactory.create>): McpPipeline {
    const method = (instance as Record<string, Handler>)[methodName];
    const run = this.externalContextCreator.create(
      instance,
      method,
      methodName,
      MCP_PARAM_ARGS_METADATA,
      this.paramsFactory,
      contextId,
      inquirerId,
      undefined,
      MCP_CONTEXT_TYPE,
    );
    const probe = this.externalContextCreator.create(
      instance,
      guardProbeFor(method),
      methodName,
      NO_PARAMS_METADATA,
      this.paramsFactory,
      contextId,
      inquirerId,
      GUARDS_ONLY,
      MCP_CONTEXT_TYPE,
    );
    return {
      handler: method,
      hostClass: instance.constructor as McpPipeline['hostClass'],
      invoke: (args) => run(...args),
      canActivate: (args) => probe(...args).then(
        () => true,
        () => false,
      ),
    };
  }
}

/** A stand-in handler that carries the real one's metadata (so `Reflector` sees the same roles/flags) and does nothing. */
function guardProbeFor(method: Handler): Handler {
  const probe = () => true;
  for (const key of Reflect.getMetadataKeys(method)) {
    Reflect.defineMetadata(key, Reflect.getMetadata(key, method), probe);
  }
  return probe;
}

class DynamicHandlerHost {
  constructor(readonly handle: Handler) {}
}
