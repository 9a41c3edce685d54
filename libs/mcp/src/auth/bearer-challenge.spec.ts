import { describe, expect, it } from '@jest/globals';
import { formatBearerChallenge } from './bearer-challenge.js';

const resourceMetadata = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';

describe('formatBearerChallenge', () => {
  it('names only the metadata (and scopes) when no credentials were offered (RFC 6750 §3.1)', () => {
    expect(formatBearerChallenge({ resourceMetadata })).toBe(`Bearer resource_metadata="${resourceMetadata}"`);
    expect(formatBearerChallenge({ resourceMetadata, scopes: ['a', 'b:c'] })).toBe(`Bearer scope="a b:c", resource_metadata="${resourceMetadata}"`);
  });

  it('gives the error, its description and the scopes to ask for', () => {
    expect(formatBearerChallenge({ error: 'insufficient_scope', description: 'needs b', scopes: ['a', 'b'], resourceMetadata })).toBe(
      `Bearer error="insufficient_scope", error_description="needs b", scope="a b", resource_metadata="${resourceMetadata}"`,
    );
  });

  it('keeps quoted values inside RFC 6750 characters', () => {
    const challenge = formatBearerChallenge({ error: 'invalid_token', description: 'bad "x" \\ é\r\n', resourceMetadata });
    expect(challenge).toContain(`error_description="bad 'x' ' ???"`);
    expect(challenge).not.toMatch(/[^\x20-\x7e]/);
  });
});
