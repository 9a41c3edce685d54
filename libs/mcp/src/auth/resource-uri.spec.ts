import { describe, expect, it } from '@jest/globals';
import { sameResource } from './resource-uri.js';

describe('sameResource', () => {
  it('ignores the case of scheme and host, the fragment and one trailing slash', () => {
    expect(sameResource('https://mcp.example.com/mcp', 'HTTPS://MCP.Example.COM/mcp')).toBe(true);
    expect(sameResource('https://mcp.example.com/mcp', 'https://mcp.example.com/mcp/')).toBe(true);
    expect(sameResource('https://mcp.example.com/mcp#frag', 'https://mcp.example.com/mcp')).toBe(true);
    expect(sameResource('https://mcp.example.com', 'https://mcp.example.com/')).toBe(true);
    expect(sameResource('https://mcp.example.com:443/mcp', 'https://mcp.example.com/mcp')).toBe(true);
    expect(sameResource('api://Orders.Example/x', 'api://orders.example/x')).toBe(true);
  });

  it('tells different resources apart', () => {
    expect(sameResource('https://mcp.example.com/mcp', 'https://mcp.example.com/MCP')).toBe(false);
    expect(sameResource('https://mcp.example.com/mcp', 'http://mcp.example.com/mcp')).toBe(false);
    expect(sameResource('https://mcp.example.com/mcp', 'https://mcp.example.com:8443/mcp')).toBe(false);
    expect(sameResource('https://mcp.example.com/mcp', 'https://mcp.example.com/mcp//')).toBe(false);
    expect(sameResource('https://mcp.example.com/mcp', 'https://mcp.example.com/mcp?x=1')).toBe(false);
    expect(sameResource('https://evil.example/mcp', 'https://mcp.example.com/mcp')).toBe(false);
  });

  it('compares strings that are not URLs exactly', () => {
    expect(sameResource('orders-api', 'orders-api')).toBe(true);
    expect(sameResource('orders-api', 'Orders-API')).toBe(false);
    expect(sameResource('orders-api', 'https://orders-api')).toBe(false);
  });
});
