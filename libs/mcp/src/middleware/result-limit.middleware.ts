import { Inject, Injectable, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { assertResultLimit, resultLimitMarkOf, resultLimitMarksUsed } from '../decorators/result-limit.decorator.js';
import { McpError } from '../errors/mcp-error.js';
import { toolErrorResult } from '../errors/tool-error-result.js';
import type { McpResultLimitOptions } from '../interfaces/result-limit.interface.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import type { McpMessage, McpMiddleware } from '../pipeline/mcp-message.js';
import { formatBytes, jsonBytes, truncatedContent, truncatedContents } from './result-size.js';

type Limit = Required<McpResultLimitOptions>;
type Handler = object;

/** The methods whose results are bounded, and how each names what it serves. */
const LIMITED: Readonly<Record<string, 'tool' | 'resource' | 'prompt'>> = { 'tools/call': 'tool', 'resources/read': 'resource', 'prompts/get': 'prompt' };

/**
 * `McpModule.forRoot({ resultLimit })` and `@MaxResultSize()`: results over the limit (bytes of their JSON) are
 * refused, or truncated with a notice. Results are measured only when some limit is set.
 */
@Injectable()
export class McpResultLimitMiddleware implements McpMiddleware {
  private readonly global: Limit | undefined;
  /** Each handler's limit (its mark, its class's, or the global one), read once per handler and class. */
  private readonly limits = new WeakMap<Handler, WeakMap<Handler, Limit | null>>();

  constructor(@Inject(MCP_OPTIONS) options: McpResolvedOptions) {
    const limit = options.middleware.resultLimit;
    if (limit) assertResultLimit(limit, 'McpModule.forRoot({ resultLimit })');
    this.global = limit ? { maxBytes: limit.maxBytes, overflow: limit.overflow ?? 'refuse' } : undefined;
  }

  appliesTo(message: McpMessage): boolean {
    if (!this.global && !resultLimitMarksUsed()) return false;
    return message.call !== undefined && LIMITED[message.method] !== undefined;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const limit = this.limitOf(context.getHandler(), context.getClass());
    if (!limit || limit.maxBytes === Infinity) return next.handle();
    const message = context.getArgByIndex<McpMessage>(3);
    return next.handle().pipe(map((result) => bounded(message, result, limit)));
  }

  private limitOf(handler: Handler, hostClass: Handler): Limit | undefined {
    let byClass = this.limits.get(handler);
    if (!byClass) this.limits.set(handler, (byClass = new WeakMap()));
    let limit = byClass.get(hostClass);
    if (limit === undefined) byClass.set(hostClass, (limit = resultLimitMarkOf(handler, hostClass) ?? this.global ?? null));
    return limit ?? undefined;
  }
}

type ToolResult = { content: { type: string }[]; structuredContent?: unknown };
type ResourceResult = { contents: { uri: string; text?: string; blob?: string }[] };

/** The result as it may be sent: itself when within the limit, else truncated or refused. */
function bounded(message: McpMessage, result: unknown, limit: Limit): unknown {
  const kind = LIMITED[message.method];
  if (!isCompleteResult(kind, result)) return result;
  const bytes = jsonBytes(result);
  if (bytes <= limit.maxBytes) return result;
  const what = kind === 'resource' ? `resource "${String(message.params.uri)}"` : `${kind} "${message.call!.name}"`;
  const sizes = `${formatBytes(bytes)}, over the ${formatBytes(limit.maxBytes)} limit`;
  if (limit.overflow === 'truncate') {
    const notice = `[Truncated: the result of ${what} was ${sizes}]`;
    const truncated =
      kind === 'tool' && (result as ToolResult).structuredContent === undefined
        ? truncatedContent(result as ToolResult, limit.maxBytes, notice)
        : kind === 'resource'
          ? truncatedContents(result as ResourceResult, limit.maxBytes, `\n${notice}`)
          : undefined;
    if (truncated) return truncated;
  }
  const refusal = `Result of ${what} is ${sizes}`;
  if (kind === 'tool') return toolErrorResult(refusal);
  throw McpError.internal(refusal);
}

/** Task handles and input-required rounds pass as they are: only a component's final answer is bounded. */
function isCompleteResult(kind: 'tool' | 'resource' | 'prompt', result: unknown): boolean {
  const fields = result as Record<string, unknown> | undefined;
  if (!fields) return false;
  if (kind === 'tool') return Array.isArray(fields.content);
  if (kind === 'resource') return Array.isArray(fields.contents);
  return Array.isArray(fields.messages);
}
