// Boots nestjs-mcp with N tools (each with a DTO-like @Arg schema) and reports how long bootstrap took.
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Arg, McpModule, Tool } from 'nestjs-mcp';

const count = Number(process.env.TOOLS ?? 1000);
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
class ManyModule {}
Module({ imports: [McpModule.forRoot({ name: 'many', version: '1.0.0' })], providers: [ManyTools] })(ManyModule);

const started = performance.now();
const app = await NestFactory.createApplicationContext(ManyModule, { logger: ['error'] });
await app.init();
const bootstrapMs = performance.now() - started;
await app.close();
process.send?.({ bootstrapMs, tools: count });
