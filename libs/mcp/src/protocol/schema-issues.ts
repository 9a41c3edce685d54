/**
 * One problem a schema found in a value: the fields Standard Schema guarantees (`message`, `path`) plus those the
 * SDK's schema library adds (`code`, `expected`, `values`, union branches in `errors`).
 */
export interface SchemaIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[];
  readonly code?: string;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly keys?: readonly string[];
  readonly errors?: readonly (readonly SchemaIssue[])[];
}

const MOST_ISSUES_SHOWN = 3;

/** `uri must be a string; name is required`: what a person reading an error reply needs, not a schema dump. */
export function describeIssues(issues: readonly SchemaIssue[]): string {
  const described = issues.slice(0, MOST_ISSUES_SHOWN).map((issue) => describeIssue(issue, []));
  const more = issues.length - MOST_ISSUES_SHOWN;
  return more > 0 ? `${described.join('; ')} (and ${more} more)` : described.join('; ');
}

/**
 * The issues inside the SDK's validation message for a request (its schema library's error serialised as JSON), with
 * the leading `params` dropped from their paths; undefined when the message is not such a list.
 */
export function paramsIssuesOf(validationMessage: string): SchemaIssue[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(validationMessage);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every(isIssue)) return undefined;
  return parsed.map((issue) => (issue.path?.[0] === 'params' ? { ...issue, path: issue.path.slice(1) } : issue));
}

function describeIssue(issue: SchemaIssue, prefix: readonly PropertyKey[]): string {
  const path = [...prefix, ...(issue.path ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment))];
  const field = pathText(path);
  const branches = issue.errors?.filter((branch) => branch.length > 0);
  if (issue.code === 'invalid_union' && branches?.length) {
    // The branch that came closest (fewest problems) is most likely the shape the client meant.
    const closest = branches.reduce((best, branch) => (branch.length < best.length ? branch : best));
    return closest.map((inner) => describeIssue(inner, path)).join('; ');
  }
  if (issue.code === 'invalid_type' && issue.expected) {
    return / received undefined$/.test(issue.message) ? `${field} is required` : `${field} must be ${withArticle(issue.expected)}`;
  }
  if (issue.code === 'invalid_value' && issue.values?.length) {
    const values = issue.values.map((value) => JSON.stringify(value)).join(', ');
    return issue.values.length === 1 ? `${field} must be ${values}` : `${field} must be one of ${values}`;
  }
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) return `${field} has unexpected member(s) ${issue.keys.join(', ')}`;
  return `${field}: ${issue.message}`;
}

function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'params';
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`)).join('');
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  record: 'an object',
  object: 'an object',
  array: 'an array',
  int: 'an integer',
  integer: 'an integer',
};

function withArticle(type: string): string {
  return TYPE_NAMES[type] ?? `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

function isIssue(value: unknown): value is SchemaIssue {
  return typeof value === 'object' && value !== null && typeof (value as SchemaIssue).message === 'string';
}
