import { Injectable, Module, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { McpModule, Tool } from 'nestjs-mcp';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, withClients } from '../helpers/clients.js';
import { openSession, post, sessionHeaders } from '../helpers/raw-http.js';

// Several MCP servers in one Nest app: each McpModule.forRoot is a server of its own, with its name, path, HTTP
// guards, limits and state, serving the components its `include` / `exclude` select by module and tag.
@Injectable()
class NoteReadTools {
  @Tool({ description: 'Find notes', tags: ['read'] })
  findNotes() {
    return 'found';
  }

  @Tool({ description: 'Internal diagnostics', tags: ['internal'] })
  diagnose() {
    return 'ok';
  }
}

@Injectable()
class NoteAdminTools {
  @Tool({ description: 'Delete every note', tags: ['admin'] })
  purgeNotes() {
    return 'purged';
  }
}

@Module({ providers: [NoteReadTools] })
class PublicNotesModule {}

@Module({ providers: [NoteAdminTools] })
class AdminNotesModule {}

@Injectable()
class AdminHeaderGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-role'] === 'admin';
  }
}

@Module({
  imports: [
    PublicNotesModule,
    AdminNotesModule,
    McpModule.forRoot({ name: 'public', version: '1.0.0', include: { modules: [PublicNotesModule] }, exclude: { tags: ['internal'] }, maxBodyBytes: 2048 }),
    McpModule.forRoot({ name: 'admin', version: '2.0.0', path: 'admin/mcp', httpGuards: [AdminHeaderGuard], include: { modules: [PublicNotesModule, AdminNotesModule] } }),
  ],
})
class TwoServersModule {}

const ADMIN = { 'x-role': 'admin' };

describe('two MCP servers in one app', () => {
  let server: RunningApp;
  let publicUrl: URL;
  let adminUrl: URL;

  beforeAll(async () => {
    server = await startApp(TwoServersModule);
    publicUrl = new URL('/mcp', server.origin);
    adminUrl = new URL('/admin/mcp', server.origin);
  });
  afterAll(() => server.close());

  it.each(ALL_CLIENTS)('each serves its own name and components, selected by module and tag (%s client)', async (kind) => {
    await withClients([connect(kind, publicUrl), connect(kind, adminUrl, { headers: ADMIN })], async (onPublic, onAdmin) => {
      expect((await onPublic.listTools()).tools.map((tool) => tool.name)).toEqual(['findNotes']);
      expect((await onAdmin.listTools()).tools.map((tool) => tool.name).sort()).toEqual(['diagnose', 'findNotes', 'purgeNotes']);
      expect((await onAdmin.callTool('purgeNotes')).content).toEqual([{ type: 'text', text: 'purged' }]);
      await expect(onPublic.callTool('purgeNotes')).rejects.toMatchObject({ code: -32602 });
    });
  });

  it('names each server in its handshake', async () => {
    await withClients([connect('v2-legacy', publicUrl), connect('v2-legacy', adminUrl, { headers: ADMIN })], async (onPublic, onAdmin) => {
      expect(onPublic.raw.getServerVersion()).toMatchObject({ name: 'public', version: '1.0.0' });
      expect(onAdmin.raw.getServerVersion()).toMatchObject({ name: 'admin', version: '2.0.0' });
    });
  });

  it("applies each server's HTTP guards to its own endpoint only", async () => {
    const refused = await post(adminUrl, { jsonrpc: '2.0', id: 1, method: 'ping' });
    expect(refused.status).toBe(403);
    await refused.text();
    const open = await openSession(publicUrl);
    expect(open).toMatch(/\S/);
  });

  it("applies each server's body limit to its own endpoint only", async () => {
    const big = { jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: { pad: 'x'.repeat(4096) } } };
    const onPublic = await post(publicUrl, big);
    expect(onPublic.status).toBe(413);
    await onPublic.text();
    const onAdmin = await post(adminUrl, big, ADMIN);
    expect(onAdmin.status).not.toBe(413);
    await onAdmin.text();
  });

  it("keeps sessions apart: one server's session id is unknown to the other", async () => {
    const sessionId = await openSession(publicUrl);
    const elsewhere = await post(adminUrl, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { ...ADMIN, ...sessionHeaders(sessionId) });
    expect(elsewhere.status).toBe(404);
    await elsewhere.text();
    const home = await post(publicUrl, { jsonrpc: '2.0', id: 3, method: 'tools/list' }, sessionHeaders(sessionId));
    expect(home.status).toBe(200);
    await home.text();
  });
});
