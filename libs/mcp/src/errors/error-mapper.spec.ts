import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { BadRequestException, InternalServerErrorException, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { McpErrorMapper } from './error-mapper.js';
import { McpErrorStats } from './error-stats.js';
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

  describe('one policy for unexpected errors', () => {
    afterEach(() => {
      jest.restoreAllMocks();
    });

    function mapper(): { mapper: McpErrorMapper; stats: McpErrorStats; logged: () => string[] } {
      const stats = new McpErrorStats();
      const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      return { mapper: new McpErrorMapper({ maskErrors: true }, stats), stats, logged: () => error.mock.calls.map(([message]) => String(message)) };
    }

    it('counts unexpected errors by kind, and nothing deliberate', () => {
      const { mapper: errors, stats } = mapper();
      errors.toToolResult(new Error('a'), 't');
      errors.toToolResult(new InternalServerErrorException('b'), 't');
      errors.toResourceError(new Error('c'), 'a://x');
      errors.toProtocolError(new Error('d'), 'prompt "p"', 'prompt');
      errors.toProtocolError('e', 'completion of c', 'completion');
      errors.toRequestError(new TypeError('f'), 'tools/list');
      errors.toRequestError(new TypeError('g'), 'tools/call');
      errors.toToolResult(new ToolError('deliberate'), 't');
      errors.toToolResult(new BadRequestException('deliberate'), 't');
      errors.toResourceError(new NotFoundException('deliberate'), 'a://x');
      errors.toRequestError(McpError.invalidParams('deliberate'), 'tools/list');
      expect(stats.snapshot()).toEqual({ total: 7, byKind: { tool: 3, resource: 1, prompt: 1, completion: 1, request: 1 } });
    });

    it("logs each once: what Nest's exception filter did not log (non-Errors, HttpException >= 500, errors outside pipelines)", () => {
      const { mapper: errors, logged } = mapper();
      errors.toToolResult(new Error('logged by Nest already'), 't');
      errors.toToolResult('a thrown string', 't');
      errors.toToolResult(new InternalServerErrorException('a 500'), 't');
      errors.toolOutputMismatch('t', 'body: expected string');
      errors.toRequestError(new TypeError('a middleware bug'), 'prompts/list');
      expect(logged()).toEqual([
        'tool "t" failed: a thrown string',
        'tool "t" failed: a 500',
        expect.stringMatching(/^tool "t" failed: Tool "t" returned output that does not match its output schema:\nbody: expected string/),
        'prompts/list failed: a middleware bug',
      ]);
    });

    it('masks errors of non-component handlers as components do, and passes errors that carry a JSON-RPC code', () => {
      const { mapper: errors } = mapper();
      expect(errors.toRequestError(new TypeError('secret internals'), 'prompts/list')).toMatchObject({ code: -32603, message: 'Internal error' });
      expect(errors.toRequestError(new BadRequestException('bad cursor'), 'tools/list')).toMatchObject({ code: -32602, message: 'bad cursor' });
      const coded = Object.assign(new Error('rate limited'), { code: -32029 });
      expect(errors.toRequestError(coded, 'tools/call')).toBe(coded);
      expect(errors.toolOutputMismatch('t', 'x')).toEqual({ content: [{ type: 'text', text: 'Internal error' }], isError: true });
    });
  });
});
