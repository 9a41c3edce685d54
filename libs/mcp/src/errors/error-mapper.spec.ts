import { describe, expect, it } from '@jest/globals';
import { BadRequestException, InternalServerErrorException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { McpErrorMapper } from './error-mapper.js';
import { McpError } from './mcp-error.js';
import { ToolError } from './tool-error.js';

describe('McpErrorMapper', () => {
  const dev = new McpErrorMapper({ maskErrors: false });
  const prod = new McpErrorMapper({ maskErrors: true });

  it('turns tool failures into isError results, masking only unexpected errors in production', () => {
    expect(dev.toToolResult(new Error('db down'), 't')).toEqual({ content: [{ type: 'text', text: 'db down' }], isError: true });
    expect(prod.toToolResult(new Error('db down'), 't')).toEqual({ content: [{ type: 'text', text: 'Internal error' }], isError: true });
    expect(prod.toToolResult(new ToolError('quota exceeded'), 't').content).toEqual([{ type: 'text', text: 'quota exceeded' }]);
    expect(prod.toToolResult(new BadRequestException(['a is bad', 'b is bad']), 't').content).toEqual([{ type: 'text', text: 'a is bad\nb is bad' }]);
    expect(prod.toToolResult(new InternalServerErrorException('secret'), 't').content).toEqual([{ type: 'text', text: 'Internal error' }]);
  });

  it('lets deliberate protocol errors through for tools', () => {
    expect(() => dev.toToolResult(McpError.invalidParams('nope'), 't')).toThrow(McpError);
  });

  it('maps HttpExceptions of resources and prompts to JSON-RPC codes', () => {
    expect(dev.toResourceError(new NotFoundException('gone'), 'a://x')).toMatchObject({ code: -32002, message: 'gone', data: { uri: 'a://x' } });
    expect(dev.toResourceError(new McpError(-32002, 'bare'), 'a://x')).toMatchObject({ code: -32002, message: 'bare', data: { uri: 'a://x' } });
    expect(dev.toResourceError(new BadRequestException('bad'), 'a://x')).toMatchObject({ code: -32602, data: undefined });
    expect(dev.toProtocolError(new NotFoundException('gone'), 'prompt "p"')).toMatchObject({ code: -32602 });
    expect(dev.toProtocolError(new BadRequestException('bad'), 'prompt "p"')).toMatchObject({ code: -32602 });
    expect(dev.toProtocolError(new UnauthorizedException(), 'prompt "p"')).toMatchObject({ code: -32600 });
    expect(prod.toProtocolError(new Error('stack detail'), 'prompt "p"')).toMatchObject({ code: -32603, message: expect.stringContaining('Internal error') });
    const original = McpError.invalidRequest('as is');
    expect(dev.toProtocolError(original, 'prompt "p"')).toBe(original);
  });
});
