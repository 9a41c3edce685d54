import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { Arg, McpCtx, McpError, Tool, type McpContext } from 'nestjs-mcp';

const CONFIRM_SCHEMA = { type: 'object', properties: { confirm: { type: 'boolean' } }, required: ['confirm'] };

/** Task-augmented tools (2025-11-25 tasks and the 2026-07-28 tasks extension). */
@Injectable()
export class ConformanceTaskTools {
  @Tool({ description: 'Greets synchronously (never a task)' })
  greet(@Arg('name', { description: 'Who to greet' }) name: string) {
    return `Hello, ${name}!`;
  }

  @Tool({ description: 'Computes for a while; runs as a task when the client supports tasks', task: 'optional' })
  async slow_compute(
    @Arg('seconds', { description: 'How long to work', required: false }) seconds = 1,
    @Arg('label', { description: 'A label for the result', required: false }) label = 'result',
    @McpCtx() ctx: McpContext,
  ) {
    await sleep(seconds * 1000, undefined, { signal: ctx.signal });
    return `Computed ${label} in ${seconds}s`;
  }

  @Tool({ description: 'A task whose tool fails (isError result)', task: 'required' })
  async failing_job(@McpCtx() ctx: McpContext) {
    await sleep(1000, undefined, { signal: ctx.signal });
    return { content: [{ type: 'text', text: 'The job failed' }], isError: true };
  }

  @Tool({ description: 'A task that fails with a protocol error', task: 'required' })
  async protocol_error_job(@McpCtx() ctx: McpContext) {
    await sleep(200, undefined, { signal: ctx.signal });
    throw McpError.internal('The job broke down');
  }

  @Tool({ description: 'Deletes a file after confirmation, as a task', task: 'optional' })
  async confirm_delete(@Arg('filename', { description: 'The file' }) filename: string, @McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit(`Delete ${filename}?`, CONFIRM_SCHEMA, { key: 'confirm' });
    return answer.action === 'accept' && answer.data.confirm ? `Deleted ${filename}` : `Kept ${filename}`;
  }

  @Tool({ description: 'Asks two questions at once, as a task', task: 'optional' })
  async multi_input(@McpCtx() ctx: McpContext) {
    const [name, confirm] = await Promise.all([
      ctx.elicit('Name?', { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }, { key: 'name' }),
      ctx.elicit('Confirm?', CONFIRM_SCHEMA, { key: 'confirm' }),
    ]);
    return `name=${String(name.data?.name)} confirm=${String(confirm.data?.confirm)}`;
  }

  @Tool({ description: 'Asks for a name synchronously, then works as a task', task: 'required', taskStart: 'manual' })
  async test_tool_with_task(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit('Your name?', { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }, { key: 'user_name' });
    await ctx.startTask();
    await sleep(300, undefined, { signal: ctx.signal });
    return `Hello ${String(answer.data?.name)}, your task is done`;
  }
}
