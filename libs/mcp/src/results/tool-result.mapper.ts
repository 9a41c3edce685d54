import type { CallToolResult } from '@modelcontextprotocol/server';
import { isContentArray, isContentBlock } from './content.js';

export interface ToolResultShape {
  /** The tool declares an output schema: its value becomes `structuredContent` (plus the same as JSON text). */
  structured: boolean;
}

/**
 * What a tool method returned -> `CallToolResult`. A full result passes through; content blocks become the
 * content; a string is text; anything else is JSON text, or `structuredContent` when the tool has an output schema.
 */
export function toCallToolResult(value: unknown, { structured }: ToolResultShape): CallToolResult {
  if (isFullCallToolResult(value)) return value;
  if (structured) {
    const structured = toPlainJson(value) as Record<string, unknown>;
    return { content: [{ type: 'text', text: JSON.stringify(structured) }], structuredContent: structured };
  }
  if (value === undefined || value === null) return { content: [] };
  if (typeof value === 'string') return { content: [{ type: 'text', text: value }] };
  if (isContentBlock(value)) return { content: [value as CallToolResult['content'][number]] };
  if (isContentArray(value)) return { content: value as CallToolResult['content'] };
  return { content: [{ type: 'text', text: JSON.stringify(value) }] };
}

function isFullCallToolResult(value: unknown): value is CallToolResult {
  return typeof value === 'object' && value !== null && Array.isArray((value as { content?: unknown }).content);
}

/** Class instances (DTOs) -> plain JSON values, as a client will see them. */
function toPlainJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
