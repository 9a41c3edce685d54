import { describe, expect, it } from '@jest/globals';
import type { McpTokenVerifier } from '../interfaces/auth.interface.js';
import { resolveAuthOptions } from './auth-options.js';

const verifier: McpTokenVerifier = { verify: async () => ({ scopes: [], audience: [], claims: {} }) };

describe('resolveAuthOptions', () => {
  it('canonicalises the resource URI and derives the metadata URL from it', () => {
    const auth = resolveAuthOptions({ resourceUrl: 'HTTPS://MCP.Example.com/Tools/mcp/', verifier }, 'notes')!;
    expect(auth.resourceUrl).toBe('https://mcp.example.com/Tools/mcp');
    expect(auth.resourceMetadataUrl).toBe('https://mcp.example.com/.well-known/oauth-protected-resource/Tools/mcp');
    expect(auth.resourcePath).toBe('/Tools/mcp');
    const root = resolveAuthOptions({ resourceUrl: 'http://127.0.0.1:3000/', verifier }, 'notes')!;
    expect([root.resourceUrl, root.resourceMetadataUrl]).toEqual(['http://127.0.0.1:3000', 'http://127.0.0.1:3000/.well-known/oauth-protected-resource']);
  });

  it('refuses resource URIs a client could not use', () => {
    for (const resourceUrl of ['/mcp', 'mcp.example.com', 'ftp://h/mcp', 'https://h/mcp#x', 'https://u:p@h/mcp', undefined as unknown as string]) {
      expect(() => resolveAuthOptions({ resourceUrl, verifier }, 'notes')).toThrow(/resourceUrl/);
    }
    expect(() => resolveAuthOptions({ resourceUrl: 'https://h/mcp' } as never, 'notes')).toThrow(/verifier/);
  });

  it('applies defaults and reads roles from the roles claim', () => {
    const auth = resolveAuthOptions({ resourceUrl: 'https://h/mcp', verifier, cache: { ttlMs: 0, maxEntries: -1 } }, 'notes')!;
    expect(auth.cache).toEqual({ maxEntries: 10_000, ttlMs: 0, negativeTtlMs: 10_000 });
    expect([auth.hideForbidden, auth.clockToleranceSec, auth.resourceName]).toEqual([false, 5, 'notes']);
    expect(auth.roles({ roles: 'a b' })).toEqual(['a', 'b']);
    expect(auth.roles({ roles: ['a', 1] })).toEqual(['a']);
    expect(auth.roles({})).toEqual([]);
  });
});
