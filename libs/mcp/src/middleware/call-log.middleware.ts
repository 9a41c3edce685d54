import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type LogLevel } from '@nestjs/common';
import { tap, type Observable } from 'rxjs';
import { jsonRpcCodeOf } from '../errors/error-mapper.js';
import { isToolErrorResult } from '../errors/tool-error-result.js';
import type { McpCallLogOptions } from '../interfaces/call-log.interface.js';
import type { McpContext } from '../interfaces/mcp-context.interface.js';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import type { McpMessage, McpMiddleware } from '../pipeline/mcp-message.js';
import { CallLogLine } from './call-log-entry.js';
import { DEFAULT_REDACT_KEYS, Redactor } from './redaction.js';

const INTERNAL_ERROR = -32603;
/** Error messages in a log line are cut here: the client chose some of them. */
const MAX_ERROR_LENGTH = 512;
/** URIs in a log line are cut here, for the same reason. */
const MAX_URI_LENGTH = 512;
const MAX_NAME_LENGTH = 128;

interface CallLogSettings {
  readonly logger: Logger;
  readonly level: Extract<LogLevel, 'log' | 'debug' | 'verbose'>;
  readonly ignored: ReadonlySet<string>;
  readonly notifications: boolean;
  readonly redactor: Redactor | undefined;
  readonly logArguments: boolean;
  readonly logResults: boolean;
}

/**
 * `McpModule.forRoot({ callLog })`: one structured line per MCP request (and, when asked, per client notification)
 * through Nest's `Logger`: method, component, duration, outcome, principal, session, request id, era, transport.
 * Runs outside the app's MCP middleware, so refusals by them are logged too.
 */
@Injectable()
export class McpCallLogMiddleware implements McpMiddleware {
  private readonly settings: CallLogSettings | undefined;

  constructor(@Inject(MCP_OPTIONS) options: McpResolvedOptions) {
    this.settings = settingsOf(options.middleware.callLog);
  }

  appliesTo(message: McpMessage): boolean {
    const settings = this.settings;
    if (!settings) return false;
    return (message.type === 'request' || settings.notifications) && !settings.ignored.has(message.method);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const settings = this.settings!;
    const message = context.getArgByIndex<McpMessage>(3);
    const started = performance.now();
    const log = (outcome: Pick<LoggedOutcome, 'outcome'> & Partial<LoggedOutcome>) => this.write(settings, context, message, started, outcome);
    return next.handle().pipe(
      tap({
        next: (result) => log({ outcome: isToolError(message, result) ? 'tool_error' : 'ok', result }),
        error: (error: unknown) => log({ outcome: 'error', code: jsonRpcCodeOf(error), error: errorMessageOf(error) }),
      }),
    );
  }

  private write(settings: CallLogSettings, context: ExecutionContext, message: McpMessage, started: number, outcome: Partial<LoggedOutcome>): void {
    const mcpContext = context.getArgByIndex<McpContext | undefined>(1);
    const auth = mcpContext?.auth;
    const line = new CallLogLine({
      method: message.method,
      name: nameOf(message),
      uri: uriOf(message),
      type: message.type,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      outcome: outcome.outcome!,
      code: outcome.code,
      error: outcome.error,
      principal: auth ? (auth.subject ?? (auth.clientId || undefined)) : undefined,
      sessionId: message.sessionId,
      requestId: message.requestId,
      era: message.era,
      transport: message.transport,
      arguments: settings.logArguments ? settings.redactor!.loggable(context.getArgByIndex(0)) : undefined,
      result: settings.logResults && outcome.outcome !== 'error' && message.type === 'request' ? settings.redactor!.loggable(outcome.result) : undefined,
    });
    if (outcome.outcome === 'error') {
      if (outcome.code === INTERNAL_ERROR) settings.logger.error(line);
      else settings.logger.warn(line);
    } else if (outcome.outcome === 'tool_error') {
      settings.logger.warn(line);
    } else {
      settings.logger[settings.level](line);
    }
  }
}

interface LoggedOutcome {
  outcome: 'ok' | 'tool_error' | 'error';
  code: number;
  error: string;
  result: unknown;
}

function settingsOf(option: boolean | McpCallLogOptions | undefined): CallLogSettings | undefined {
  if (!option) return undefined;
  const options: McpCallLogOptions = option === true ? {} : option;
  const logArguments = options.logArguments ?? false;
  const logResults = options.logResults ?? false;
  return {
    logger: new Logger(options.context ?? 'McpCall'),
    level: options.level ?? 'log',
    ignored: new Set(options.ignoreMethods ?? []),
    notifications: options.notifications ?? false,
    redactor: logArguments || logResults ? new Redactor(options.redactKeys ?? DEFAULT_REDACT_KEYS, options.maxValueLength ?? 2048) : undefined,
    logArguments,
    logResults,
  };
}

function isToolError(message: McpMessage, result: unknown): boolean {
  return message.method === 'tools/call' && isToolErrorResult(result);
}

/** The component's name (a completion's target), else the name the client asked for (no such tool or prompt). */
function nameOf(message: McpMessage): string | undefined {
  if (message.call) return message.call.kind === 'resource' ? undefined : message.call.name;
  const name = message.params.name;
  if (typeof name !== 'string' || (message.method !== 'tools/call' && message.method !== 'prompts/get')) return undefined;
  return name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH)}…` : name;
}

function uriOf(message: McpMessage): string | undefined {
  const uri = message.params.uri;
  if (typeof uri !== 'string' || !message.method.startsWith('resources/')) return undefined;
  return uri.length > MAX_URI_LENGTH ? `${uri.slice(0, MAX_URI_LENGTH)}…` : uri;
}

function errorMessageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
