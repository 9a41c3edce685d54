import type { PipeTransform, Type } from '@nestjs/common';
import { MCP_PARAM_ARGS_METADATA } from './metadata-keys.js';
import { McpParamtype } from './mcp-paramtype.enum.js';

type PipeLike = Type<PipeTransform> | PipeTransform;

/** Schema details of an `@Arg()` parameter. */
export interface ArgOptions {
  description?: string;
  /** Default true. */
  required?: boolean;
  /** JSON Schema of the argument, where the reflected primitive type is not enough. */
  schema?: Record<string, unknown>;
}

export interface McpParamMetadata {
  index: number;
  data: string | undefined;
  pipes: PipeLike[];
  options?: ArgOptions;
}

function isPipe(value: unknown): value is PipeLike {
  return typeof value === 'function' || (typeof value === 'object' && value !== null && 'transform' in value);
}

function addParamMetadata(type: McpParamtype, data: string | undefined, pipes: PipeLike[], options?: ArgOptions): ParameterDecorator {
  return (target, key, index) => {
    if (key === undefined) throw new Error('nestjs-mcp parameter decorators can only be used on methods');
    const existing = Reflect.getMetadata(MCP_PARAM_ARGS_METADATA, target.constructor, key) ?? {};
    const entry: McpParamMetadata = { index, data, pipes, options };
    Reflect.defineMetadata(MCP_PARAM_ARGS_METADATA, { ...existing, [`${type}:${index}`]: entry }, target.constructor, key);
  };
}

/**
 * All arguments of the call as one object. With a DTO class as the parameter type, the DTO is the argument
 * schema and the arguments are validated against it (class-validator) and transformed into an instance of it.
 */
export const Args = (...pipes: PipeLike[]): ParameterDecorator => addParamMetadata(McpParamtype.ARGS, undefined, pipes);

/** One argument by name (a tool/prompt argument or a resource-template variable). Primitive types form the schema. */
export function Arg(name: string, optionsOrPipe?: ArgOptions | PipeLike, ...pipes: PipeLike[]): ParameterDecorator {
  if (optionsOrPipe === undefined) return addParamMetadata(McpParamtype.ARG, name, pipes);
  if (isPipe(optionsOrPipe)) return addParamMetadata(McpParamtype.ARG, name, [optionsOrPipe, ...pipes]);
  return addParamMetadata(McpParamtype.ARG, name, pipes, optionsOrPipe);
}

/** The `McpContext` of the current call: logging, progress, sampling, elicitation, session, auth. */
export const McpCtx = (): ParameterDecorator => addParamMetadata(McpParamtype.CONTEXT, undefined, []);
