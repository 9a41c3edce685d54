/** The size of a result as a client receives it: the UTF-8 bytes of its JSON. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/** `5.2 MB`, `1 MB`, `800 bytes` (decimal units: a limit of 1,000,000 or of 1,048,576 bytes both read `1 MB`). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const [value, unit] = bytes < 1e6 ? [bytes / 1e3, 'KB'] : bytes < 1e9 ? [bytes / 1e6, 'MB'] : [bytes / 1e9, 'GB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}

type TextBlock = { type: 'text'; text: string } & Record<string, unknown>;
type ContentBlock = { type: string } & Record<string, unknown>;

/**
 * A tool result's content cut to fit `maxBytes` with `notice` appended as a last text block: whole blocks while
 * they fit, then the text of the first one that does not, cut; what follows is dropped. Undefined when nothing
 * sensible fits (the notice alone is too large).
 */
export function truncatedContent<R extends { content: ContentBlock[] }>(result: R, maxBytes: number, notice: string): R | undefined {
  const noticeBlock = { type: 'text', text: notice };
  let budget = maxBytes - jsonBytes({ ...result, content: [noticeBlock] });
  if (budget < 0) return undefined;
  const kept: ContentBlock[] = [];
  for (const block of result.content) {
    const cost = jsonBytes(block) + 1;
    if (cost <= budget) {
      kept.push(block);
      budget -= cost;
      continue;
    }
    if (block.type === 'text' && typeof block.text === 'string') {
      const cut = cutText(block as TextBlock, budget - 1, '');
      if (cut) kept.push(cut);
    }
    break;
  }
  return { ...result, content: [...kept, noticeBlock] };
}

type ResourceContent = { uri: string; text?: string; blob?: string } & Record<string, unknown>;

/**
 * A resource result's contents cut to fit `maxBytes`: whole contents while they fit, then the text of the first
 * one that does not, cut and ending with `notice`. Undefined when a blob would have to be cut or dropped.
 */
export function truncatedContents<R extends { contents: ResourceContent[] }>(result: R, maxBytes: number, notice: string): R | undefined {
  let budget = maxBytes - jsonBytes({ ...result, contents: [] });
  const kept: ResourceContent[] = [];
  for (const [index, content] of result.contents.entries()) {
    const cost = jsonBytes(content) + (index ? 1 : 0);
    if (cost <= budget) {
      kept.push(content);
      budget -= cost;
      continue;
    }
    if (typeof content.text !== 'string' || result.contents.slice(index + 1).some((rest) => typeof rest.blob === 'string')) return undefined;
    const cut = cutText(content as ResourceContent & { text: string }, budget - (index ? 1 : 0), notice);
    return cut ? { ...result, contents: [...kept, cut] } : undefined;
  }
  return result;
}

/** `block` with its text cut so that its JSON (text + `suffix`) takes at most `budget` bytes; undefined if none fits. */
function cutText<B extends { text: string }>(block: B, budget: number, suffix: string): B | undefined {
  let textBudget = budget - jsonBytes({ ...block, text: suffix });
  // JSON escapes make some characters longer than their UTF-8 bytes: shrink until the escaped text fits.
  for (let attempt = 0; attempt < 8 && textBudget > 0; attempt++) {
    const text = utf8Prefix(block.text, textBudget);
    const candidate = { ...block, text: text + suffix };
    const over = jsonBytes(candidate) - budget;
    if (over <= 0) return candidate;
    textBudget -= over;
  }
  return undefined;
}

/** The longest prefix of `text` whose UTF-8 encoding takes at most `bytes` bytes (never a split character). */
function utf8Prefix(text: string, bytes: number): string {
  const encoded = Buffer.from(text, 'utf8');
  if (encoded.length <= bytes) return text;
  let end = bytes;
  while (end > 0 && (encoded[end] & 0xc0) === 0x80) end--;
  return encoded.subarray(0, end).toString('utf8');
}
