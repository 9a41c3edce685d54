import { Injectable, Module } from '@nestjs/common';
import { Arg, McpCtx, McpModule, Public, RequireScopes, Tool, type McpContext, type McpTokenVerifier } from 'nestjs-mcp';

/** The tools of test/fixtures/auth.fixture.ts that the stdio tests call (this build cannot import outside test/stdio). */
@Injectable()
export class AuthStdioTools {
  @Tool({ description: 'Who the caller is' })
  whoami(@McpCtx() ctx: McpContext) {
    const auth = ctx.auth;
    if (!auth) return { anonymous: true };
    return { subject: auth.subject, clientId: auth.clientId, scopes: auth.scopes, roles: auth.roles, hasToken: auth.token.length > 0 };
  }

  @Tool({ name: 'read_notes', description: 'Reads the notes' })
  @RequireScopes('notes:read')
  readNotes() {
    return 'note 1, note 2';
  }

  @Tool({ name: 'write_note', description: 'Writes a note' })
  @RequireScopes('notes:read', 'notes:write')
  writeNote(@Arg('text') text: string) {
    return `saved: ${text}`;
  }

  @Tool({ description: 'Callable without a token' })
  @Public()
  status() {
    return 'up';
  }
}

/** Stdio has no bearer tokens: a verifier that must never be asked. */
const neverAsked: McpTokenVerifier = {
  issuer: 'https://issuer.invalid',
  verify() {
    throw new Error('the token verifier was called on stdio');
  },
};

/** The same module an HTTP deployment would use: `auth` set (for HTTP), the requirements enforced on stdio too. */
@Module({
  imports: [
    McpModule.forRoot({
      name: 'auth-stdio',
      version: '1.0.0',
      auth: { resourceUrl: 'https://mcp.example.com/mcp', verifier: neverAsked },
    }),
  ],
  providers: [AuthStdioTools],
})
export class AuthStdioModule {}
