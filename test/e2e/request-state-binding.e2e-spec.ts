import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Arg, McpCtx, McpModule, Tool, type McpContext } from 'nestjs-mcp';
import { startApp, type RunningApp } from '../helpers/app.js';
import { message, post } from '../helpers/raw-http.js';

const USERS: Record<string, string> = { 'alice-token': 'alice', 'bob-token': 'bob' };

@Injectable()
class TokenGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string>; user?: unknown }>();
    const sub = USERS[request.headers.authorization?.replace(/^Bearer /, '') ?? ''];
    if (!sub) throw new UnauthorizedException();
    request.user = { sub };
    return true;
  }
}

const OK = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };
const CODE = { type: 'object', properties: { code: { type: 'string' } }, required: ['code'] };

@Injectable()
class TransferTools {
  @Tool({ description: 'Asks for a confirmation, then a one-time code, one per round' })
  async transfer(@Arg('amount') amount: number, @Arg('to') to: string, @McpCtx() ctx: McpContext) {
    const confirmed = await ctx.elicit(`Transfer ${amount} to ${to}?`, OK, { key: 'confirm' });
    const code = await ctx.elicit('One-time code?', CODE, { key: 'otp' });
    return `transferred ${amount} to ${to} (confirmed=${String(confirmed.data?.ok)}, code=${String(code.data?.code)})`;
  }
}

@Module({
  imports: [McpModule.forRoot({ name: 'rounds', version: '1.0.0', httpGuards: [TokenGuard] })],
  providers: [TransferTools],
})
class RoundsModule {}

/** One raw 2026-07-28 `tools/call` of `transfer`, as a given user. */
async function transfer(url: URL, token: string, extra: Record<string, unknown>) {
  const _meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } },
  };
  const response = await post(
    url,
    { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'transfer', ...extra, _meta } },
    { authorization: `Bearer ${token}`, 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'transfer' },
  );
  return message(response);
}

const confirm = { confirm: { action: 'accept', content: { ok: true } } };
const otp = { otp: { action: 'accept', content: { code: '123456' } } };

describe('requestState of input-required rounds is bound to the caller and the arguments', () => {
  let server: RunningApp;
  /** Alice's state after she confirmed a transfer of 5: it carries her confirmation. */
  let confirmedState: string;

  beforeAll(async () => {
    server = await startApp(RoundsModule);
    const first = await transfer(server.url, 'alice-token', { arguments: { amount: 5, to: 'carol' } });
    expect(first.result).toMatchObject({ resultType: 'input_required', inputRequests: { confirm: expect.any(Object) } });
    const second = await transfer(server.url, 'alice-token', {
      arguments: { amount: 5, to: 'carol' },
      inputResponses: confirm,
      requestState: first.result.requestState,
    });
    expect(second.result).toMatchObject({ resultType: 'input_required', inputRequests: { otp: expect.any(Object) } });
    confirmedState = second.result.requestState;
  });
  afterAll(() => server.close());

  it('finishes the flow for the same caller with the same arguments, whatever their key order', async () => {
    const done = await transfer(server.url, 'alice-token', { arguments: { to: 'carol', amount: 5 }, inputResponses: otp, requestState: confirmedState });
    expect(done.result.content[0].text).toBe('transferred 5 to carol (confirmed=true, code=123456)');
  });

  it('refuses the state with other arguments (a confirmation of 5 does not confirm 5000)', async () => {
    const forged = await transfer(server.url, 'alice-token', { arguments: { amount: 5000, to: 'carol' }, inputResponses: otp, requestState: confirmedState });
    expect(forged.result).toBeUndefined();
    expect(forged.error).toMatchObject({ code: -32602, message: expect.stringMatching(/requestState/) });
  });

  it("refuses another user's state, and says nothing of whose it was", async () => {
    const stolen = await transfer(server.url, 'bob-token', { arguments: { amount: 5, to: 'carol' }, inputResponses: otp, requestState: confirmedState });
    expect(stolen.result).toBeUndefined();
    expect(stolen.error.code).toBe(-32602);
    expect(JSON.stringify(stolen)).not.toContain('alice');
    expect(Buffer.from(confirmedState.split('.')[1], 'base64url').toString()).not.toContain('alice');
  });
});
