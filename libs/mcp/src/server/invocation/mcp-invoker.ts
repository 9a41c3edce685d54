import type { InputRequiredResult, ServerContext } from '@modelcontextprotocol/server';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { checkAccess, describeDenial } from '../../access/access-check.js';
import { CallContextFactory } from '../../context/call-context.factory.js';
import type { ClientChannel } from '../../context/client-channel.js';
import { McpError } from '../../errors/mcp-error.js';
import type { McpCallInfo, McpPipelineArgs } from '../../pipeline/mcp-call.js';
import { MCP_TRACING, NO_TRACING, type McpTracing } from '../../pipeline/mcp-tracing.js';
import type { McpComponent } from '../../registry/component.types.js';
import type { McpServerBinding } from '../server-binding.js';
import { roundTarget } from './call-info.js';

/** How one handler invocation ended. Each component kind turns it into its wire answer in one place. */
export type CallOutcome = { value: unknown } | { error: unknown } | { inputRequired: InputRequiredResult };

/** For invocations that outlive their request (task runs) or can be detached from it (manual-start tasks). */
export interface InvocationExtras {
  /** The task's own signal. */
  signal?: AbortSignal;
  /** A task run's answers so far (2026-07-28 `tasks/update`). */
  answers?: Readonly<Record<string, unknown>>;
  startTask?: () => void;
}

/** Runs component pipelines with a fresh `McpContext` for each call. */
@Injectable()
export class McpInvoker {
  constructor(
    private readonly contexts: CallContextFactory,
    @Optional() @Inject(MCP_TRACING) private readonly tracing: McpTracing = NO_TRACING,
  ) {}

  /** The whole pipeline (guards, interceptors, pipes, handler, filters); never throws what the handler threw. */
  async invoke(
    component: McpComponent,
    binding: McpServerBinding,
    sdk: ServerContext,
    args: unknown,
    info: McpCallInfo,
    extras: InvocationExtras = {},
  ): Promise<CallOutcome> {
    const denial = checkAccess(component.access, sdk.http?.authInfo);
    if (denial) return { error: McpError.forbidden(describeDenial(denial, `${info.kind} "${info.name}"`)) };
    const signal = extras.signal ?? sdk.mcpReq.signal;
    const channel = binding.era.clientChannel({ sdk, server: binding.server, signal, target: roundTarget(info, args), answers: extras.answers });
    let outcome: CallOutcome;
    try {
      const { pipeline } = component;
      const pipelineArgs = this.pipelineArgs(binding, sdk, args, info, channel, extras);
      outcome = { value: await this.tracing.handler(info, pipeline.hostClass, pipeline.handler, () => pipeline.invoke(pipelineArgs)) };
    } catch (error) {
      outcome = { error };
    }
    const openQuestions = channel.openQuestions();
    return openQuestions ? { inputRequired: await openQuestions } : outcome;
  }

  /**
   * A check that runs only a component's guards: whether this request's caller may see and call it. One check serves
   * every component of a list request (it never asks the client, so they share one client channel).
   */
  guardCheck(binding: McpServerBinding, sdk: ServerContext): (component: McpComponent, info: McpCallInfo) => Promise<boolean> {
    const channel = binding.era.clientChannel({ sdk, server: binding.server, signal: sdk.mcpReq.signal, target: () => sdk.mcpReq.method });
    return this.tracing.guardChecks(sdk.mcpReq.method, (component: McpComponent, info: McpCallInfo) =>
      component.pipeline.canActivate(this.pipelineArgs(binding, sdk, {}, info, channel, {})),
    );
  }

  private pipelineArgs(
    binding: McpServerBinding,
    sdk: ServerContext,
    args: unknown,
    info: McpCallInfo,
    channel: ClientChannel,
    extras: InvocationExtras,
  ): McpPipelineArgs {
    const context = this.contexts.create({
      sdk,
      server: binding.server,
      transport: binding.transport,
      era: binding.era.name,
      channel,
      logLevel: binding.logLevel,
      claimStream: binding.claimStream,
      session: binding.session,
      visibility: binding.visibility,
      signal: extras.signal,
      startTask: extras.startTask,
    });
    return [args as Record<string, unknown>, context, info];
  }
}
