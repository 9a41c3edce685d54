import { ToolError } from '../errors/tool-error.js';
import type { ClientChannel, ClientQuestion } from './client-channel.js';

/** 2026-07-28 calls that cannot be retried with answers (completions, list filters): asking is refused. */
export class NoInputChannel implements ClientChannel {
  constructor(private readonly protocolVersion: string | undefined) {}

  async ask<T>(question: ClientQuestion<T>): Promise<T> {
    throw new ToolError(`${question.feature} is only available in tools, prompts and resources on ${this.protocolVersion} requests`);
  }

  urlElicitationId(): undefined {
    return undefined;
  }

  openQuestions(): undefined {
    return undefined;
  }
}
