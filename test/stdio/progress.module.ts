import { Injectable, Module } from '@nestjs/common';
import { Arg, McpCtx, McpModule, Tool, type McpContext } from 'nestjs-mcp';

@Injectable()
export class ProgressTools {
  @Tool({ description: 'Reports progress `steps` times and returns right after the last report' })
  async countUp(@Arg('steps') steps: number, @McpCtx() ctx: McpContext): Promise<string> {
    for (let done = 1; done <= steps; done++) await ctx.progress(done, steps);
    return `counted to ${steps}`;
  }
}

@Module({
  imports: [McpModule.forRoot({ name: 'stdio-progress', version: '1.0.0' })],
  providers: [ProgressTools],
})
export class ProgressModule {}
