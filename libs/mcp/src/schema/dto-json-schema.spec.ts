import { describe, expect, it } from '@jest/globals';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Field } from '../decorators/field.decorator.js';
import { dtoToJsonSchema } from './dto-json-schema.js';

enum Color {
  Red = 'red',
  Green = 'green',
}
enum Level {
  Low,
  High,
}

class Primitives {
  @IsString() name!: string;
  @IsNumber() ratio!: number;
  @IsInt() count!: number;
  @IsBoolean() active!: boolean;
}
class Optionals {
  @IsString() required!: string;
  @IsOptional() @IsString() maybe?: string;
  @IsOptional() @IsInt() limit = 10;
}
class Bounds {
  @IsInt() @Min(1) @Max(9) digit!: number;
  @IsString() @MinLength(2) @MaxLength(5) code!: string;
  @IsString() @Length(3, 4) pin!: string;
  @IsString() @Matches(/^[a-z]+$/) slug!: string;
}
class Formats {
  @IsEmail() email!: string;
  @IsUUID() id!: string;
  @IsUrl() site!: string;
}
class Enums {
  @IsEnum(Color) color!: Color;
  @IsEnum(Level) level!: Level;
  @IsIn(['a', 'b']) letter!: string;
}
class Arrays {
  @IsArray() @IsString({ each: true }) @ArrayMinSize(1) @ArrayMaxSize(3) tags!: string[];
  @IsArray() @IsEnum(Color, { each: true }) colors!: Color[];
}
class Address {
  @IsString() @Field('Street and number') street!: string;
}
class Nested {
  @ValidateNested() @Type(() => Address) home!: Address;
  @IsArray() @ValidateNested({ each: true }) @Type(() => Address) others!: Address[];
}
class Documented {
  @IsString() @Field({ title: 'Query', description: 'What to search', examples: ['cats'] }) query!: string;
  @Field({ description: 'Free-form', default: 'x' }) note?: string;
}

describe('dtoToJsonSchema', () => {
  it.each<[string, Function, Record<string, unknown>]>([
    [
      'primitive types and required by default',
      Primitives,
      {
        type: 'object',
        properties: { name: { type: 'string' }, ratio: { type: 'number' }, count: { type: 'integer' }, active: { type: 'boolean' } },
        required: ['name', 'ratio', 'count', 'active'],
      },
    ],
    [
      'optional properties and defaults from initializers',
      Optionals,
      {
        type: 'object',
        properties: { required: { type: 'string' }, maybe: { type: 'string' }, limit: { type: 'integer', default: 10 } },
        required: ['required'],
      },
    ],
    [
      'numeric and length bounds, patterns',
      Bounds,
      {
        type: 'object',
        properties: {
          digit: { type: 'integer', minimum: 1, maximum: 9 },
          code: { type: 'string', minLength: 2, maxLength: 5 },
          pin: { type: 'string', minLength: 3, maxLength: 4 },
          slug: { type: 'string', pattern: '^[a-z]+$' },
        },
        required: ['digit', 'code', 'pin', 'slug'],
      },
    ],
    [
      'string formats',
      Formats,
      {
        type: 'object',
        properties: {
          email: { type: 'string', format: 'email' },
          id: { type: 'string', format: 'uuid' },
          site: { type: 'string', format: 'uri' },
        },
        required: ['email', 'id', 'site'],
      },
    ],
    [
      'string, numeric and inline enums',
      Enums,
      {
        type: 'object',
        properties: {
          color: { type: 'string', enum: ['red', 'green'] },
          level: { type: 'integer', enum: [0, 1] },
          letter: { type: 'string', enum: ['a', 'b'] },
        },
        required: ['color', 'level', 'letter'],
      },
    ],
    [
      'arrays with item constraints and sizes',
      Arrays,
      {
        type: 'object',
        properties: {
          tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 },
          colors: { type: 'array', items: { type: 'string', enum: ['red', 'green'] } },
        },
        required: ['tags', 'colors'],
      },
    ],
    [
      'nested DTOs and arrays of DTOs, inlined',
      Nested,
      {
        type: 'object',
        properties: {
          home: { type: 'object', properties: { street: { type: 'string', description: 'Street and number' } }, required: ['street'] },
          others: {
            type: 'array',
            items: { type: 'object', properties: { street: { type: 'string', description: 'Street and number' } }, required: ['street'] },
          },
        },
        required: ['home', 'others'],
      },
    ],
    [
      'titles, descriptions, examples and defaults from @Field',
      Documented,
      {
        type: 'object',
        properties: {
          query: { type: 'string', title: 'Query', description: 'What to search', examples: ['cats'] },
          note: { type: 'string', description: 'Free-form', default: 'x' },
        },
        required: ['query', 'note'],
      },
    ],
  ])('%s', (_name, dto, expected) => {
    expect(dtoToJsonSchema(dto as never)).toEqual(expected);
  });

  it('stops at self-referencing DTOs instead of recursing forever', () => {
    class TreeNode {
      @IsString() label!: string;
      @IsOptional() @ValidateNested() @Type(() => TreeNode) child?: TreeNode;
    }
    expect(dtoToJsonSchema(TreeNode)).toEqual({
      type: 'object',
      properties: { label: { type: 'string' }, child: { type: 'object' } },
      required: ['label'],
    });
  });
});
