// Boots nestjs-mcp with TOOLS tools and reports how long bootstrap took (module init, discovery, schemas, pipelines).
// KIND: 'arg' (default: one `@Arg('text')` string each) or 'rich-dto' (the rich DTOs of the tools/list bench).
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Arg, McpModule, Tool } from 'nestjs-mcp';

const count = Number(process.env.TOOLS ?? 1000);
const kind = process.env.KIND ?? 'arg';

function argTools() {
  class ManyTools {}
  for (let index = 0; index < count; index++) {
    const name = `tool_${index}`;
    ManyTools.prototype[name] = function (text) {
      return text;
    };
    Reflect.defineMetadata('design:paramtypes', [String], ManyTools.prototype, name);
    Arg('text')(ManyTools.prototype, name, 0);
    Reflect.decorate([Tool({ description: `Tool number ${index}` })], ManyTools.prototype, name, Object.getOwnPropertyDescriptor(ManyTools.prototype, name));
  }
  Injectable()(ManyTools);
  return [ManyTools];
}

const providers = { arg: argTools, 'rich-dto': async () => (await import('../lib/rich-dtos.js')).richDtoToolProviders(count) }[kind];
if (!providers) throw new Error(`KIND must be arg or rich-dto, not ${kind}`);
class ManyModule {}
Module({ imports: [McpModule.forRoot({ name: 'many', version: '1.0.0' })], providers: await providers() })(ManyModule);

const started = performance.now();
const app = await NestFactory.createApplicationContext(ManyModule, { logger: ['error'] });
await app.init();
const bootstrapMs = performance.now() - started;
await app.close();
process.send?.({ bootstrapMs, tools: count, kind });
