import type { InputRequiredResult, ReadResourceRequest, ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';
import { Injectable } from '@nestjs/common';
import { McpErrorMapper } from '../../errors/error-mapper.js';
import { McpError } from '../../errors/mcp-error.js';
import type { ResourceComponent } from '../../registry/component.types.js';
import { McpRegistry } from '../../registry/mcp-registry.js';
import { toReadResourceResult } from '../../results/resource-result.mapper.js';
import { callInfo } from '../invocation/call-info.js';
import { McpInvoker, type CallOutcome } from '../invocation/mcp-invoker.js';
import { ComponentVisibility } from '../component-visibility.js';
import type { McpServerBinding } from '../server-binding.js';

/** `resources/read`: the resource serving the URI (fixed or template), its pipeline, its answer. */
@Injectable()
export class ResourceReads {
  constructor(
    private readonly registry: McpRegistry,
    private readonly invoker: McpInvoker,
    private readonly errors: McpErrorMapper,
    private readonly visibility: ComponentVisibility,
  ) {}

  async read(binding: McpServerBinding, request: ReadResourceRequest, sdk: ServerContext): Promise<ReadResourceResult | InputRequiredResult> {
    const { uri } = request.params;
    const found = this.registry.findResource(uri);
    if (!found || !this.visibility.allows(binding, found.resource)) throw McpError.resourceNotFound(uri);
    const outcome = await this.invoker.invoke(found.resource, binding, sdk, found.variables, callInfo('resources/read', found.resource));
    return this.answer(found.resource, uri, binding, outcome);
  }

  /** Resources have no error results: a failure is a JSON-RPC error; a value is contents with the era's cache fields. */
  private answer(resource: ResourceComponent, uri: string, binding: McpServerBinding, outcome: CallOutcome): ReadResourceResult | InputRequiredResult {
    if ('inputRequired' in outcome) return outcome.inputRequired;
    if ('error' in outcome) throw this.errors.toResourceError(outcome.error, uri);
    return binding.era.withCacheHint(toReadResourceResult(outcome.value, uri, resource.mimeType), resource.cache);
  }
}
