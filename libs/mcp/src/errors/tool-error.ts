import { IntrinsicException } from '@nestjs/common';

/**
 * An error meant for the client: its message is always shown (as an `isError` tool result, or a JSON-RPC error
 * for resources and prompts), even when unexpected errors are masked. Nest does not log it as a failure.
 */
export class ToolError extends IntrinsicException {
  override readonly name = 'ToolError';
}
