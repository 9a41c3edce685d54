import type { Reflector } from '@nestjs/core';
import { MCP_CACHE_RESULT_METADATA } from '../decorators/cache-result.decorator.js';
import type { CacheResultOptions } from '../interfaces/result-cache.interface.js';
import type { McpComponent } from '../registry/component.types.js';

/** How one component's results are cached, and which handler it was read from. */
export interface ResultCachePolicy extends Required<CacheResultOptions> {
  readonly handler: Function;
  /** Resources: reads are invalidated by `notifyResourceUpdated`. */
  readonly resource: boolean;
}

const METHODS = { tool: 'tools/call', resource: 'resources/read', prompt: 'prompts/get' } as const;

/**
 * The `@CacheResult` policies of a server's components by MCP method and component name (a resource's URI or URI
 * template), read once at bootstrap so that telling whether a message is cached costs two map lookups.
 * Tools that can run as tasks are left out: a task's handle is not a result to reuse.
 */
export function readResultCachePolicies(components: readonly McpComponent[], reflector: Reflector): Map<string, Map<string, ResultCachePolicy>> {
  const policies = new Map<string, Map<string, ResultCachePolicy>>();
  for (const component of components) {
    if (component.kind === 'completion' || (component.kind === 'tool' && component.taskSupport !== 'forbidden')) continue;
    const { handler, hostClass } = component.pipeline;
    const options = reflector.getAllAndOverride<CacheResultOptions | undefined>(MCP_CACHE_RESULT_METADATA, [handler, hostClass]);
    if (!options) continue;
    const method = METHODS[component.kind];
    let byName = policies.get(method);
    if (!byName) policies.set(method, (byName = new Map()));
    const name = component.kind === 'resource' ? component.uri : component.name;
    byName.set(name, { ttlMs: options.ttlMs, shared: options.shared === true, handler, resource: component.kind === 'resource' });
  }
  return policies;
}
