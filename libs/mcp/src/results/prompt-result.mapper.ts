import type { GetPromptResult, PromptMessage } from '@modelcontextprotocol/server';
import { isContentBlock } from './content.js';

/**
 * What a prompt method returned -> `GetPromptResult`. A full result passes through; a string is one user
 * message; a message or content block (or an array of them) becomes the messages.
 */
export function toGetPromptResult(value: unknown, description: string | undefined): GetPromptResult {
  if (isGetPromptResult(value)) return value;
  const items = Array.isArray(value) ? value : [value];
  const messages = items.map(toMessage);
  return { ...(description ? { description } : {}), messages };
}

function toMessage(item: unknown): PromptMessage {
  if (typeof item === 'string') return { role: 'user', content: { type: 'text', text: item } };
  if (isPromptMessage(item)) return item;
  if (isContentBlock(item)) return { role: 'user', content: item as PromptMessage['content'] };
  return { role: 'user', content: { type: 'text', text: JSON.stringify(item) } };
}

function isGetPromptResult(value: unknown): value is GetPromptResult {
  return typeof value === 'object' && value !== null && Array.isArray((value as { messages?: unknown }).messages);
}

function isPromptMessage(value: unknown): value is PromptMessage {
  return typeof value === 'object' && value !== null && 'role' in value && 'content' in value;
}
