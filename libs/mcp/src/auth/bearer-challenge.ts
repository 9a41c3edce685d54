/** The parameters of a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3, RFC 9728 §5.1). */
export interface BearerChallenge {
  readonly error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
  readonly description?: string;
  readonly scopes?: readonly string[];
  readonly resourceMetadata: string;
}

/** `Bearer error="...", error_description="...", scope="...", resource_metadata="..."`, values quoted and escaped. */
export function formatBearerChallenge({ error, description, scopes, resourceMetadata }: BearerChallenge): string {
  const params: string[] = [];
  if (error) params.push(`error="${error}"`);
  if (error && description) params.push(`error_description="${quoted(description)}"`);
  if (scopes?.length) params.push(`scope="${quoted(scopes.join(' '))}"`);
  params.push(`resource_metadata="${quoted(resourceMetadata)}"`);
  return `Bearer ${params.join(', ')}`;
}

/** RFC 6750 allows only printable ASCII without `"` and `\` in these values; anything else is replaced. */
function quoted(value: string): string {
  return value.replace(/[^\x20-\x7e]|["\\]/g, (char) => (char === '"' || char === '\\' ? "'" : '?'));
}
