import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from '@jest/globals';
import { HostOriginPolicy, type HostOriginPolicyOptions } from './host-origin-policy.js';

const defaults: HostOriginPolicyOptions = { dnsRebindingProtection: 'auto', allowedHosts: [], allowedOrigins: [], validateOrigin: true };

function request(localAddress: string, headers: Record<string, string>): IncomingMessage {
  return { socket: { localAddress }, headers } as unknown as IncomingMessage;
}

const PUBLIC = '203.0.113.7';

describe('HostOriginPolicy', () => {
  const policy = new HostOriginPolicy(defaults);

  it('refuses a foreign Origin on a connection that is not loopback', () => {
    expect(policy.reject(request(PUBLIC, { host: 'mcp.example.com', origin: 'https://evil.example.net' }))).toMatch(/Origin not allowed/);
    expect(policy.reject(request(PUBLIC, { host: 'mcp.example.com', origin: 'null' }))).toMatch(/Origin not allowed/);
    expect(policy.reject(request(PUBLIC, { host: 'mcp.example.com', origin: 'http://localhost:3000' }))).toMatch(/Origin not allowed/);
  });

  it('allows the origin of the request\'s own Host, default ports included', () => {
    expect(policy.reject(request(PUBLIC, { host: 'mcp.example.com', origin: 'https://mcp.example.com' }))).toBeUndefined();
    expect(policy.reject(request(PUBLIC, { host: 'mcp.example.com:443', origin: 'https://MCP.example.com/' }))).toBeUndefined();
    expect(policy.reject(request(PUBLIC, { host: 'mcp.example.com:8443', origin: 'https://mcp.example.com:8443' }))).toBeUndefined();
    expect(policy.reject(request(PUBLIC, { host: 'mcp.example.com:8443', origin: 'https://mcp.example.com' }))).toMatch(/Origin/);
    expect(policy.reject(request(PUBLIC, { host: 'mcp.example.com', origin: 'ftp://mcp.example.com' }))).toMatch(/Origin/);
  });

  it('allows listed origins, and requests without Origin', () => {
    const listed = new HostOriginPolicy({ ...defaults, allowedOrigins: ['https://app.example.com/'] });
    expect(listed.reject(request(PUBLIC, { host: 'mcp.example.com', origin: 'https://app.example.com' }))).toBeUndefined();
    expect(listed.reject(request(PUBLIC, { host: 'mcp.example.com' }))).toBeUndefined();
  });

  it('on a loopback connection checks Host and allows loopback origins of any port', () => {
    expect(policy.reject(request('127.0.0.1', { host: 'localhost:4000', origin: 'http://localhost:3000' }))).toBeUndefined();
    expect(policy.reject(request('::1', { host: '[::1]:4000', origin: 'http://[::1]:3000' }))).toBeUndefined();
    expect(policy.reject(request('127.0.0.1', { host: 'evil.example.com' }))).toMatch(/Host not allowed/);
    expect(policy.reject(request('127.0.0.1', { host: 'localhost:4000', origin: 'http://evil.example.com' }))).toMatch(/Origin/);
  });

  it('validateOrigin: false leaves Origin to a proxy, and the Host rule stands on its own', () => {
    const off = new HostOriginPolicy({ ...defaults, validateOrigin: false });
    expect(off.reject(request(PUBLIC, { host: 'mcp.example.com', origin: 'https://evil.example.net' }))).toBeUndefined();
    expect(off.reject(request('127.0.0.1', { host: 'evil.example.com' }))).toMatch(/Host not allowed/);
    const always = new HostOriginPolicy({ ...defaults, dnsRebindingProtection: true, allowedHosts: ['mcp.example.com'] });
    expect(always.reject(request(PUBLIC, { host: 'other.example.com' }))).toMatch(/Host not allowed/);
    expect(always.reject(request(PUBLIC, { host: 'mcp.example.com' }))).toBeUndefined();
  });
});
