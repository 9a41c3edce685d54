// nestjs-mcp's side of the tools/list bench: the shapes of rich-shapes.js as DTO classes, with class-validator and
// class-transformer decorators and @Field descriptions applied by hand (plain JS has no decorator syntax: what the
// TypeScript compiler would emit, design:type included), and the tools as methods of providers taking a DTO (@Args).
import { Injectable } from '@nestjs/common';
import { Type } from 'class-transformer';
import * as v from 'class-validator';
import { Args, Field, Tool } from 'nestjs-mcp';
import { richTools, SHAPES, TOOL_SHAPES } from './rich-shapes.js';

/** The decorators one field gets, and the type TypeScript would reflect for it. */
function fieldDecorators(field, dtoOf) {
  const bounded = (decorator, value) => (value === undefined ? [] : [decorator(value)]);
  const decorators = [Field(field.description), ...(field.optional ? [v.IsOptional()] : [])];
  switch (field.kind) {
    case 'string': {
      const format = { email: v.IsEmail(), url: v.IsUrl(), uuid: v.IsUUID(), 'date-time': v.IsISO8601() }[field.format];
      decorators.push(format ?? v.IsString(), ...bounded(v.MinLength, field.minLength), ...bounded(v.MaxLength, field.maxLength));
      return { decorators, type: String };
    }
    case 'integer':
    case 'number':
      decorators.push(field.kind === 'integer' ? v.IsInt() : v.IsNumber(), ...bounded(v.Min, field.min), ...bounded(v.Max, field.max));
      return { decorators, type: Number };
    case 'boolean':
      decorators.push(v.IsBoolean());
      return { decorators, type: Boolean };
    case 'enum':
      decorators.push(v.IsEnum(Object.fromEntries(field.values.map((value) => [value, value]))));
      return { decorators, type: String };
    case 'object':
      decorators.push(v.ValidateNested(), Type(() => dtoOf(field.shape)));
      return { decorators, type: dtoOf(field.shape) };
    case 'array':
      decorators.push(v.IsArray(), v.ValidateNested({ each: true }), Type(() => dtoOf(field.of)));
      decorators.push(...bounded(v.ArrayMinSize, field.minItems), ...bounded(v.ArrayMaxSize, field.maxItems));
      return { decorators, type: Array };
    default:
      throw new Error(`unknown field kind ${field.kind}`);
  }
}

/** One DTO class per shape, named `<Shape>Dto`. */
function buildDtos() {
  const dtos = new Map();
  const dtoOf = (shape) => dtos.get(shape);
  for (const shape of Object.keys(SHAPES)) {
    const Dto = class {};
    Object.defineProperty(Dto, 'name', { value: `${shape}Dto` });
    dtos.set(shape, Dto);
  }
  for (const [shape, fields] of Object.entries(SHAPES)) {
    for (const [property, field] of Object.entries(fields)) {
      const { decorators, type } = fieldDecorators(field, dtoOf);
      Reflect.decorate([...decorators, Reflect.metadata('design:type', type)], dtoOf(shape).prototype, property);
    }
  }
  return dtos;
}

/** `count` tools over providers (one per tool input shape), each tool a method whose @Args() parameter is its DTO. */
export function richDtoToolProviders(count) {
  const dtos = buildDtos();
  const providers = new Map(
    TOOL_SHAPES.map(({ shape }) => {
      const Provider = class {};
      Object.defineProperty(Provider, 'name', { value: `${shape}Tools` });
      return [shape, Provider];
    }),
  );
  for (const { name, description, shape } of richTools(count)) {
    const prototype = providers.get(shape).prototype;
    prototype[name] = function () {
      return `${name} done`;
    };
    Reflect.defineMetadata('design:paramtypes', [dtos.get(shape)], prototype, name);
    Args()(prototype, name, 0);
    Reflect.decorate([Tool({ description })], prototype, name, Object.getOwnPropertyDescriptor(prototype, name));
  }
  for (const Provider of providers.values()) Injectable()(Provider);
  return [...providers.values()];
}
