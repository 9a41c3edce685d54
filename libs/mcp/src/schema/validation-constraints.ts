import type { getMetadataStorage } from 'class-validator';

export type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

type SchemaFragment = Record<string, unknown>;
type ConstraintMapper = (constraints: unknown[]) => SchemaFragment;

/** class-validator decorator name -> the JSON Schema keywords it implies. Unknown validators add nothing. */
const MAPPERS: Record<string, ConstraintMapper> = {
  isString: () => ({ type: 'string' }),
  isNumber: () => ({ type: 'number' }),
  isInt: () => ({ type: 'integer' }),
  isBoolean: () => ({ type: 'boolean' }),
  isArray: () => ({ type: 'array' }),
  isObject: () => ({ type: 'object' }),
  isDate: () => ({ type: 'string', format: 'date-time' }),
  isDateString: () => ({ type: 'string', format: 'date-time' }),
  isIso8601: () => ({ type: 'string', format: 'date-time' }),
  isEmail: () => ({ type: 'string', format: 'email' }),
  isUuid: () => ({ type: 'string', format: 'uuid' }),
  isUrl: () => ({ type: 'string', format: 'uri' }),
  isIp: () => ({ type: 'string' }),
  isEnum: ([entity]) => ({ enum: enumValues(entity) }),
  isIn: ([values]) => ({ enum: values as unknown[] }),
  equals: ([value]) => ({ const: value }),
  min: ([value]) => ({ minimum: value }),
  max: ([value]) => ({ maximum: value }),
  isPositive: () => ({ exclusiveMinimum: 0 }),
  isNegative: () => ({ exclusiveMaximum: 0 }),
  minLength: ([value]) => ({ minLength: value }),
  maxLength: ([value]) => ({ maxLength: value }),
  isLength: ([min, max]) => ({ minLength: min, ...(max !== undefined ? { maxLength: max } : {}) }),
  isNotEmpty: () => ({ minLength: 1 }),
  matches: ([pattern]) => ({ pattern: pattern instanceof RegExp ? pattern.source : String(pattern) }),
  arrayMinSize: ([value]) => ({ minItems: value }),
  arrayMaxSize: ([value]) => ({ maxItems: value }),
  arrayNotEmpty: () => ({ minItems: 1 }),
  arrayUnique: () => ({ uniqueItems: true }),
};

/** The JSON Schema keywords for one class-validator constraint (`onArray`: it applies to an array as a whole). */
export function constraintToSchema(validation: ValidationMetadata, { onArray }: { onArray: boolean }): SchemaFragment {
  const name = validation.name;
  if (!name) return {};
  if (name === 'isNotEmpty' && onArray) return { minItems: 1 };
  const mapper = MAPPERS[name] ?? MAPPERS[normalize(name)];
  return mapper ? mapper(validation.constraints ?? []) : {};
}

/** The values of a TypeScript enum object (numeric enums' reverse mappings removed) or of an array. */
export function enumValues(entity: unknown): unknown[] {
  if (Array.isArray(entity)) return entity;
  if (!entity || typeof entity !== 'object') return [];
  const record = entity as Record<string, unknown>;
  return Object.keys(record)
    .filter((key) => Number.isNaN(Number(key)))
    .map((key) => record[key]);
}

function normalize(name: string): string {
  // class-validator names some validators with acronyms (isUUID, isURL, isISO8601, isIP).
  return name.replace(/[A-Z]{2,}/g, (acronym) => acronym[0] + acronym.slice(1).toLowerCase());
}
