import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { Arg, McpCtx, Resource, Tool, type McpContext } from 'nestjs-mcp';

const CONFIRM = { type: 'object', properties: { confirm: { type: 'boolean' } }, required: ['confirm'] };

/** Tools whose behaviour shows which instance served a call, and every cross-instance feature. */
@Injectable()
export class ClusterTools {
  private counter = 0;

  @Tool({ description: 'Names the instance that served the call' })
  whoAmI() {
    return `instance ${process.env.INSTANCE ?? process.pid}`;
  }

  @Tool({ description: 'Remembers a value in the session' })
  async remember(@Arg('value') value: string, @McpCtx() ctx: McpContext) {
    const previous = await ctx.session.get<string>('value');
    await ctx.session.set('value', value);
    return `previous=${previous ?? 'none'} on instance ${process.env.INSTANCE}`;
  }

  @Tool({ description: 'Asks the user to confirm' })
  async confirm(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit('Proceed?', CONFIRM, { key: 'confirm' });
    return `confirm=${String(answer.data?.confirm)} action=${answer.action}`;
  }

  @Tool({ description: "Asks the client's model" })
  async ask(@McpCtx() ctx: McpContext) {
    const reply = await ctx.sample('Say hi', { maxTokens: 10, key: 'hi' });
    const content = Array.isArray(reply.content) ? reply.content[0] : reply.content;
    return `model said: ${content?.type === 'text' ? content.text : '?'}`;
  }

  @Tool({ description: 'Reports progress and logs' })
  async work(@Arg('steps') steps: number, @McpCtx() ctx: McpContext) {
    for (let step = 1; step <= steps; step++) {
      await sleep(30, undefined, { signal: ctx.signal });
      await ctx.progress(step, steps, `instance ${process.env.INSTANCE}`);
      await ctx.log.info(`step ${step}`);
    }
    return `worked ${steps} steps on instance ${process.env.INSTANCE}`;
  }

  @Tool({ description: 'Waits until cancelled (at most 10 s)' })
  async waitForCancel(@McpCtx() ctx: McpContext) {
    await sleep(10_000, undefined, { signal: ctx.signal }).catch(() => undefined);
    return ctx.signal.aborted ? 'cancelled' : 'finished';
  }

  @Tool({ description: 'Closes its stream, then finishes later (the client resumes, maybe on another instance)' })
  async pollMe(@McpCtx() ctx: McpContext) {
    await ctx.progress(1, 2, `instance ${process.env.INSTANCE}`);
    await ctx.closeStream();
    await sleep(600);
    return `finished on instance ${process.env.INSTANCE}`;
  }

  @Resource({ uri: 'cluster://counter', mimeType: 'text/plain' })
  counterValue() {
    return String(this.counter);
  }

  @Tool({ description: 'Changes cluster://counter and tells subscribers' })
  bump(@McpCtx() ctx: McpContext) {
    this.counter++;
    ctx.notifyResourceUpdated('cluster://counter');
    return `bumped on instance ${process.env.INSTANCE}`;
  }

  @Tool({ description: 'Squares slowly, as a task when asked', task: 'optional' })
  async slowSquare(@Arg('n') n: number, @Arg('ms', { required: false }) ms = 300, @McpCtx() ctx: McpContext) {
    await sleep(ms, undefined, { signal: ctx.signal });
    return String(n * n);
  }
}
