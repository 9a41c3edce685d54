import type { CompleteResult } from '@modelcontextprotocol/server';

/** The spec caps one completion answer at 100 values. */
const MAX_VALUES = 100;

export type CompletionValues = string[] | { values: string[]; total?: number; hasMore?: boolean };

/** A completion method's return value -> `CompleteResult`, capped at 100 values. */
export function toCompleteResult(value: unknown): CompleteResult {
  const given = (Array.isArray(value) ? { values: value } : (value ?? { values: [] })) as Exclude<CompletionValues, string[]>;
  const values = (given.values ?? []).map(String);
  const hasMore = given.hasMore ?? values.length > MAX_VALUES;
  return {
    completion: {
      values: values.slice(0, MAX_VALUES),
      ...(given.total !== undefined ? { total: given.total } : values.length > MAX_VALUES ? { total: values.length } : {}),
      ...(hasMore ? { hasMore } : {}),
    },
  };
}

/** Completion for an argument declared as an enum: the enum values that start with what was typed. */
export function enumCompletion(schema: Record<string, unknown> | undefined, argument: string, prefix: string): string[] {
  const property = (schema?.properties as Record<string, { enum?: unknown[] }> | undefined)?.[argument];
  if (!Array.isArray(property?.enum)) return [];
  return property.enum.map(String).filter((candidate) => candidate.startsWith(prefix));
}
