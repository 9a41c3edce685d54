import type {
  AudioContent,
  EmbeddedResource,
  ImageContent,
  ResourceLink,
  TextContent,
} from '@modelcontextprotocol/server';

type BinaryInput = Uint8Array | string;

function toBase64(data: BinaryInput): string {
  return typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** Builders for MCP content blocks; return one (or an array of them) from a tool or prompt. */
export const McpContent = {
  text(text: string): TextContent {
    return { type: 'text', text };
  },
  /** `data` is raw bytes or an already base64-encoded string. */
  image(data: BinaryInput, mimeType: string): ImageContent {
    return { type: 'image', data: toBase64(data), mimeType };
  },
  audio(data: BinaryInput, mimeType: string): AudioContent {
    return { type: 'audio', data: toBase64(data), mimeType };
  },
  /** An embedded resource: text, or bytes as a blob. */
  resource(uri: string, content: { text: string } | { blob: BinaryInput }, mimeType?: string): EmbeddedResource {
    const body = 'text' in content ? { text: content.text } : { blob: toBase64(content.blob) };
    return { type: 'resource', resource: { uri, ...(mimeType ? { mimeType } : {}), ...body } as EmbeddedResource['resource'] };
  },
  resourceLink(link: Omit<ResourceLink, 'type'>): ResourceLink {
    return { type: 'resource_link', ...link };
  },
};

const CONTENT_TYPES = new Set(['text', 'image', 'audio', 'resource', 'resource_link']);

export function isContentBlock(value: unknown): value is { type: string } {
  return typeof value === 'object' && value !== null && CONTENT_TYPES.has((value as { type?: unknown }).type as string);
}

export function isContentArray(value: unknown): value is { type: string }[] {
  return Array.isArray(value) && value.length > 0 && value.every(isContentBlock);
}
