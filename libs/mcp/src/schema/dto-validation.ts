import type { Type } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

type Libraries = [typeof import('class-transformer'), typeof import('class-validator')];

let libraries: Promise<Libraries> | undefined;

/**
 * Turns `value` into an instance of `dto` and validates it, unknown properties stripped. class-transformer and
 * class-validator (whose entry point loads every validator it has, over 100 ms of start-up) are loaded on the first
 * DTO validation, so an app without DTOs never loads them.
 */
export async function validateDto(dto: Type<unknown>, value: unknown): Promise<{ instance: object; errors: ValidationError[] }> {
  const [{ plainToInstance }, { validate }] = await (libraries ??= Promise.all([import('class-transformer'), import('class-validator')]));
  const instance = plainToInstance(dto, value ?? {}) as object;
  return { instance, errors: await validate(instance, { whitelist: true, forbidUnknownValues: false }) };
}
