import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/** The five `_meta` values of the wrong type a hostile client tries. */
export const BAD_META: unknown[] = [42, null, 'x', true, []];

/** `levels` objects nested in one another, as JSON text (building it is iterative; JSON.stringify would recurse). */
export function nestedJson(levels: number): string {
  return `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
}

/** `levels` objects nested in one another, built without recursion. */
export function nestedObject(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let level = 1; level < levels; level++) value = { a: value };
  return value;
}

/** The per-request envelope of a 2026-07-28 request. */
export const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': { extensions: { 'io.modelcontextprotocol/tasks': {} } },
};

/** The routing headers of a 2026-07-28 request. */
export function modernHeaders(method: string, name?: string): Record<string, string> {
  return { 'mcp-protocol-version': '2026-07-28', 'mcp-method': method, ...(name === undefined ? {} : { 'mcp-name': name }) };
}

/** Nest's logger, keeping what it was asked to log (for "nothing logged at ERROR" assertions) instead of printing. */
export class LogCapture extends ConsoleLogger {
  readonly entries: { level: LogLevel; message: string }[] = [];

  protected override printMessages(messages: unknown[], _context?: string, logLevel: LogLevel = 'log'): void {
    for (const message of messages) this.entries.push({ level: logLevel, message: String(message) });
  }

  protected override printStackTrace(): void {}

  errors(): string[] {
    return this.entries.filter((entry) => entry.level === 'error' || entry.level === 'fatal').map((entry) => entry.message);
  }

  clear(): void {
    this.entries.length = 0;
  }
}
