// Two MCP servers in one app, for the multi-server e2e (HTTP, in memory) and its stdio child (two-servers-main.ts).
import { Injectable, Module, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { McpModule, Tool } from 'nestjs-mcp';

@Injectable()
export class NoteReadTools {
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
export class NoteAdminTools {
  @Tool({ description: 'Delete every note', tags: ['admin'] })
  purgeNotes() {
    return 'purged';
  }
}

@Module({ providers: [NoteReadTools] })
export class PublicNotesModule {}

@Module({ providers: [NoteAdminTools] })
export class AdminNotesModule {}

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
    McpModule.forRoot({ name: 'admin', version: '2.0.0', server: 'admin', path: 'admin/mcp', httpGuards: [AdminHeaderGuard], include: { modules: [PublicNotesModule, AdminNotesModule] } }),
  ],
})
export class TwoServersModule {}
