import { inspect } from 'node:util';
import type { McpCallLogEntry } from '../interfaces/call-log.interface.js';

type Fields = Omit<McpCallLogEntry, 'msg'>;

/**
 * A call log line. Its own fields are what structured loggers (pino, winston, Nest's JSON `ConsoleLogger`) write;
 * Nest's text `ConsoleLogger` inspects it and gets the readable `msg` back (the prototype's `inspect.custom`).
 */
export class CallLogLine implements McpCallLogEntry {
  readonly msg: string;
  declare readonly method: string;
  declare readonly type: 'request' | 'notification';
  declare readonly durationMs: number;
  declare readonly outcome: McpCallLogEntry['outcome'];
  declare readonly era: string;
  declare readonly transport: string;

  constructor(fields: Fields) {
    this.msg = readable(fields);
    Object.assign(this, withoutUndefined(fields));
  }

  toString(): string {
    return this.msg;
  }

  [inspect.custom](): string {
    return this.msg;
  }
}

/** `tools/call echo ok 1.2ms principal=alice session=3f2a… request=7`: the fields a reader scans for, in one line. */
function readable(fields: Fields): string {
  const target = fields.name ?? fields.uri;
  const outcome = fields.outcome === 'error' ? `error ${fields.code}${fields.error ? ` (${fields.error})` : ''}` : fields.outcome;
  const parts = [fields.method, ...(target === undefined ? [] : [target]), outcome, `${fields.durationMs}ms`];
  if (fields.principal !== undefined) parts.push(`principal=${fields.principal}`);
  if (fields.sessionId !== undefined) parts.push(`session=${fields.sessionId}`);
  if (fields.requestId !== undefined) parts.push(`request=${fields.requestId}`);
  parts.push(`${fields.era}/${fields.transport}`);
  if (fields.arguments !== undefined) parts.push(`arguments=${JSON.stringify(fields.arguments)}`);
  if (fields.result !== undefined) parts.push(`result=${JSON.stringify(fields.result)}`);
  return parts.join(' ');
}

function withoutUndefined(fields: Fields): Partial<Fields> {
  const defined: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) defined[key] = value;
  return defined;
}
