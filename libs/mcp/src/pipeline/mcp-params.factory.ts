import type { ParamData } from '@nestjs/common';
import type { ParamsFactory } from '@nestjs/core';
import { McpParamtype } from '../decorators/mcp-paramtype.enum.js';

/** Resolves `@Args()`, `@Arg(name)` and `@McpCtx()` from the pipeline's `[arguments, context, call]` array. */
export class McpParamsFactory implements ParamsFactory {
  exchangeKeyForValue(type: number, data: ParamData, args: unknown[]): unknown {
    switch (type) {
      case McpParamtype.ARGS:
        return args[0];
      case McpParamtype.ARG:
        return typeof data === 'string' ? (args[0] as Record<string, unknown> | undefined)?.[data] : undefined;
      case McpParamtype.CONTEXT:
        return args[1];
      default:
        return undefined;
    }
  }
}
