import type { StandardSchemaV1 } from '@modelcontextprotocol/server';

/** A `tasks/*` params member and the JSON type it must have. */
type MemberType = 'string' | 'object';

/**
 * Params of a `tasks/*` method as a Standard Schema whose issues read as the SDK-validated methods' do after
 * `ParamsCheckingServer` ("taskId must be a string"): the tasks extension methods have no schema in the SDK's
 * 2026-07-28 codec, and a JSON Schema validator words its issues its own way (`data/taskId must be string`).
 */
export function taskParamsSchema<T>(required: Record<string, MemberType>, optional: Record<string, MemberType> = {}): StandardSchemaV1<T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'nestjs-mcp',
      validate: (value) => {
        const params = (value ?? {}) as Record<string, unknown>;
        const issues = [
          ...Object.entries(required).map(([name, type]) => (params[name] === undefined ? `${name} is required` : mismatch(name, params[name], type))),
          ...Object.entries(optional).map(([name, type]) => (params[name] === undefined ? undefined : mismatch(name, params[name], type))),
        ].filter((issue): issue is string => issue !== undefined);
        return issues.length > 0 ? { issues: issues.map((message) => ({ message })) } : { value: params as T };
      },
    },
  };
}

function mismatch(name: string, value: unknown, type: MemberType): string | undefined {
  if (type === 'string') return typeof value === 'string' ? undefined : `${name} must be a string`;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : `${name} must be an object`;
}
