// nestjs-mcp with TOOLS tools taking rich DTOs (bench/lib/rich-dtos.js), default options but JSON responses, as the
// raw SDK's twin (raw-sdk-rich-tools.js) answers: the tools/list bench.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
import { serveNest } from '../lib/nest-server.js';
import { richDtoToolProviders } from '../lib/rich-dtos.js';

class RichToolsModule {}
Module({
  imports: [McpModule.forRoot({ name: 'bench-rich', version: '1.0.0', responseMode: 'json' })],
  providers: richDtoToolProviders(Number(process.env.TOOLS ?? 1000)),
})(RichToolsModule);

await serveNest(RichToolsModule);
