import { SetMetadata } from '@nestjs/common';
import { MCP_COMPLETE_METADATA } from './metadata-keys.js';

/** Which argument a `@Complete()` method suggests values for: a prompt's argument or a resource template's variable. */
export type CompleteOptions = { argument: string } & ({ prompt: string; resource?: never } | { resource: string; prompt?: never });

/** What a completion method receives as its arguments (`@Args()`, or `@Arg('value')` etc.). */
export interface McpCompletionRequest {
  /** The argument being completed. */
  argument: string;
  /** What the user has typed so far. */
  value: string;
  /** Arguments already given for the same prompt or template (earlier ones). */
  context: Record<string, string>;
}

/** As a value, `Object`: the same reason and behaviour as the `McpContext` value. */
export const McpCompletionRequest = Object as unknown as abstract new () => McpCompletionRequest;

/**
 * Marks a method as the source of completions (`completion/complete`) for one prompt argument or resource-template
 * variable. It returns the suggestions: `string[]` or `{ values, total?, hasMore? }`.
 */
export const Complete = (options: CompleteOptions): MethodDecorator => SetMetadata(MCP_COMPLETE_METADATA, options);
