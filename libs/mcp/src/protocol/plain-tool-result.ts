import { isPlainObject } from './json-rpc-shape.js';

/*
 * A `tools/call` result in the shapes this library builds (text, image and audio content, plain structured content),
 * which the SDK's result schema accepts unchanged; anything else is checked with the SDK's schema, as before.
 */

const RESULT_MEMBERS: ReadonlySet<string> = new Set(['content', 'structuredContent', 'isError']);

function isPlainBlock(block: unknown): boolean {
  if (!isPlainObject(block)) return false;
  let members = 0;
  for (const _key in block) members++;
  switch (block.type) {
    case 'text':
      return members === 2 && typeof block.text === 'string';
    case 'image':
    case 'audio':
      return members === 3 && typeof block.data === 'string' && typeof block.mimeType === 'string';
    default:
      return false;
  }
}

/** True when the result needs no schema check (see the top of this file). */
export function isPlainToolResult(result: unknown): boolean {
  if (!isPlainObject(result)) return false;
  for (const key in result) if (!RESULT_MEMBERS.has(key)) return false;
  const { content, structuredContent, isError } = result;
  if (!Array.isArray(content)) return false;
  for (const block of content) if (!isPlainBlock(block)) return false;
  return (structuredContent === undefined || isPlainObject(structuredContent)) && (isError === undefined || typeof isError === 'boolean');
}
