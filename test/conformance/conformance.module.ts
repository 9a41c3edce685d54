import { Module } from '@nestjs/common';
import { McpModule, MemoryEventStore } from 'nestjs-mcp';
import { ConformanceResources } from './conformance.resources.js';
import { Conformance2026Tools } from './conformance-2026.tools.js';
import { ConformanceTaskTools } from './conformance-tasks.tools.js';
import { ConformanceTools } from './conformance.tools.js';

@Module({
  imports: [
    McpModule.forRoot({
      name: 'nestjs-mcp-conformance',
      version: '1.0.0',
      eventStore: new MemoryEventStore(),
      retryIntervalMs: 5000,
    }),
  ],
  providers: [ConformanceTools, ConformanceResources, Conformance2026Tools, ConformanceTaskTools],
})
export class ConformanceModule {}
