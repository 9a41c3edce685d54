import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { McpFastifyRoutes } from './http/mcp-fastify-routes.js';
import { McpConfigurableModule } from './mcp-module.definition.js';

/**
 * Turns the app into an MCP server: `@Tool`, `@Resource` and `@Prompt` methods of every provider and controller
 * are served over streamable HTTP (a Nest controller at `path`) and, with `bootstrapStdio`, over stdio.
 * `McpModule.forRoot(options)` or `McpModule.forRootAsync({ useFactory, inject, imports, path, httpGuards })`.
 */
@Module({})
export class McpModule extends McpConfigurableModule implements NestModule {
  constructor(private readonly fastifyRoutes: McpFastifyRoutes) {
    super();
  }

  /** Runs on HTTP apps after the adapter exists and before routes are registered: the hook tunes the MCP routes. */
  configure(_consumer: MiddlewareConsumer): void {
    this.fastifyRoutes.install();
  }
}
