import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { APP_MODULE, REPO, scratchApp, type ScratchApp } from './scratch-app.js';

// `nest g -c nestjs-mcp tool|resource|prompt`, run with the real Nest CLI in scratch Nest apps whose node_modules is
// the repository's (`nestjs-mcp` is the built libs/mcp: `npm run build:lib` first). The generated specs then run under
// the scratch app's own jest, and the app is type-checked.

const NOTES_FILES = [
  'src/notes/dto/create-note.dto.ts',
  'src/notes/dto/note.dto.ts',
  'src/notes/notes.prompts.spec.ts',
  'src/notes/notes.prompts.ts',
  'src/notes/notes.resources.spec.ts',
  'src/notes/notes.resources.ts',
  'src/notes/notes.tools.spec.ts',
  'src/notes/notes.tools.ts',
];
const SCAFFOLD = ['jest.config.js', 'nest-cli.json', 'package.json', 'src/app.module.ts', 'tsconfig.json'];

const apps: ScratchApp[] = [];
const newApp = (options: Parameters<typeof scratchApp>[0]) => {
  const app = scratchApp(options);
  apps.push(app);
  return app;
};

beforeAll(() => {
  if (!existsSync(join(REPO, 'libs/mcp/dist/schematics/collection.json'))) throw new Error('libs/mcp is not built: npm run build:lib');
});
afterAll(() => {
  for (const app of apps) rmSync(app.dir, { recursive: true, force: true });
});

describe('nest g -c nestjs-mcp in an ESM Nest app', () => {
  let app: ScratchApp;
  beforeAll(() => {
    app = newApp({ esm: true });
  });

  it('tool, resource and prompt write their files and register each provider in AppModule', async () => {
    const runs = [];
    for (const kind of ['tool', 'resource', 'prompt']) runs.push(await app.nest(['g', '-c', 'nestjs-mcp', kind, 'notes']));
    for (const run of runs) expect(run.stderr).toBe('');
    expect(runs[0].stdout.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^CREATE src\/notes\/notes\.tools\.ts \(\d+ bytes\)$/),
      expect.stringMatching(/^CREATE src\/notes\/dto\/create-note\.dto\.ts /),
      expect.stringMatching(/^CREATE src\/notes\/dto\/note\.dto\.ts /),
      expect.stringMatching(/^CREATE src\/notes\/notes\.tools\.spec\.ts /),
      expect.stringMatching(/^UPDATE src\/app\.module\.ts /),
    ]);
    expect(app.files()).toEqual([...SCAFFOLD, ...NOTES_FILES].sort());
    expect(app.read('src/app.module.ts')).toBe(`import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';
import { NotesTools } from './notes/notes.tools.js';
import { NotesResources } from './notes/notes.resources.js';
import { NotesPrompts } from './notes/notes.prompts.js';

@Module({
  imports: [McpModule.forRoot({ name: 'scratch', version: '1.0.0' })],
  providers: [NotesTools, NotesResources, NotesPrompts],
})
export class AppModule {}
`);
    const tools = app.read('src/notes/notes.tools.ts');
    expect(tools).toContain(`import { CreateNoteDto } from './dto/create-note.dto.js';`);
    expect(tools).toContain(`@Tool({ description: 'Create a note', output: NoteDto })`);
    expect(tools).toContain('createNote(@Args() input: CreateNoteDto): NoteDto {');
    expect(app.read('src/notes/dto/create-note.dto.ts')).toContain(`@IsString() @MinLength(1) @Field('What to call it')`);
    expect(app.read('src/notes/notes.resources.ts')).toContain(`@Resource({ uri: 'notes://{id}'`);
    expect(app.read('src/notes/notes.prompts.ts')).toContain('reviewNotes(');
    expect(app.read('src/notes/notes.tools.spec.ts')).toContain('client = await McpTestClient.create(moduleRef);');
  });

  it("the generated specs pass under the app's own jest, and the app type-checks", async () => {
    const [jest, tsc] = await Promise.all([app.jest(), app.tsc()]);
    expect({ code: tsc.code, output: tsc.stdout + tsc.stderr }).toEqual({ code: 0, output: '' });
    expect(jest.stderr).toMatch(/Test Suites: 3 passed, 3 total\s+Tests: {7}9 passed, 9 total/);
    expect(jest.stderr).toContain('PASS src/notes/notes.tools.spec.ts');
    expect(jest.code).toBe(0);
  }, 90_000);

  it('running tool notes again refuses to overwrite the files and leaves the module as it was', async () => {
    const before = [...NOTES_FILES, 'src/app.module.ts'].map((file) => app.read(file));
    const run = await app.nest(['g', '-c', 'nestjs-mcp', 'tool', 'notes']);
    expect(run.stderr).toContain(
      'Error: src/notes/notes.tools.ts, src/notes/dto/create-note.dto.ts, src/notes/dto/note.dto.ts, src/notes/notes.tools.spec.ts already exist: nothing was generated',
    );
    expect([...NOTES_FILES, 'src/app.module.ts'].map((file) => app.read(file))).toEqual(before);
  });

  it('--dry-run reports the files and the module update but writes nothing', async () => {
    const run = await app.nest(['g', '-c', 'nestjs-mcp', 'tool', 'weather', '--dry-run']);
    expect(run.stdout).toMatch(/^CREATE src\/weather\/weather\.tools\.ts /m);
    expect(run.stdout).toMatch(/^UPDATE src\/app\.module\.ts /m);
    expect(run.stdout).toContain('Dry run enabled. No files written to disk.');
    expect(app.files()).toEqual([...SCAFFOLD, ...NOTES_FILES].sort());
  });

  it('refuses bad names with a clear message and writes nothing', async () => {
    const module = app.read('src/app.module.ts');
    const names = ['../escape', '/etc/x', '2fa', 'no!tes'];
    const runs = await Promise.all([...names.map((name) => app.nest(['g', '-c', 'nestjs-mcp', 'tool', name])), app.nest(['g', '-c', 'nestjs-mcp', 'prompt'])]);
    expect(runs.map((run) => run.stderr.split('\n').find((line) => line.startsWith('Error: ')))).toEqual([
      'Error: Invalid name "../escape": ".." would leave the source root',
      'Error: Invalid name "/etc/x": it must be relative to the source root, not an absolute path',
      'Error: Invalid name "2fa": "2fa" must start with a letter and hold only letters, digits and dashes (e.g. notes, user-notes, userNotes or admin/notes)',
      'Error: Invalid name "no!tes": "no!tes" must start with a letter and hold only letters, digits and dashes (e.g. notes, user-notes, userNotes or admin/notes)',
      'Error: A name is required (e.g. notes, user-notes, userNotes or admin/notes): nest g -c nestjs-mcp <tool|resource|prompt> <name>',
    ]);
    expect(app.files()).toEqual([...SCAFFOLD, ...NOTES_FILES].sort());
    expect(app.read('src/app.module.ts')).toBe(module);
  });
});

describe('nest g -c nestjs-mcp and the nearest module', () => {
  it('registers in the closest *.module.ts in its layout, and never twice', async () => {
    const app = newApp({ esm: true });
    app.write(
      'src/admin/admin.module.ts',
      `import { Module } from "@nestjs/common";
import { AuditTools } from "./audit.tools.js";

@Module({
  providers: [
    AuditTools,
  ],
})
export class AdminModule {}
`,
    );
    const again = await app.nest(['g', '-c', 'nestjs-mcp', 'tool', 'audit', 'admin', '--flat', '--no-spec']);
    expect(again.stdout + again.stderr).toContain('AuditTools is already in the providers of src/admin/admin.module.ts.');
    expect(app.files()).toEqual([...SCAFFOLD, 'src/admin/admin.module.ts', 'src/admin/audit.tools.ts', 'src/admin/dto/audit.dto.ts', 'src/admin/dto/create-audit.dto.ts'].sort());

    const nested = await app.nest(['g', '-c', 'nestjs-mcp', 'resource', 'reports', 'admin']);
    expect(nested.stderr).toBe('');
    expect(app.read('src/admin/admin.module.ts')).toBe(`import { Module } from "@nestjs/common";
import { AuditTools } from "./audit.tools.js";
import { ReportsResources } from "./reports/reports.resources.js";

@Module({
  providers: [
    AuditTools,
    ReportsResources,
  ],
})
export class AdminModule {}
`);
    expect(app.read('src/app.module.ts')).toBe(APP_MODULE);
  });

  it('leaves a module it cannot edit safely alone and says what to add by hand', async () => {
    const app = newApp({ esm: true });
    const module = `import { Module } from '@nestjs/common';\n\nconst PROVIDERS = [];\n\n@Module({ providers: PROVIDERS })\nexport class AppModule {}\n`;
    app.write('src/app.module.ts', module);
    const run = await app.nest(['g', '-c', 'nestjs-mcp', 'prompt', 'hints']);
    expect(run.stderr).toContain(
      "src/app.module.ts was not changed: its providers are not an array literal; add HintsPrompts to its providers by hand (import { HintsPrompts } from './hints/hints.prompts.js';).",
    );
    expect(run.stdout).toMatch(/^CREATE src\/hints\/hints\.prompts\.ts /m);
    expect(app.read('src/app.module.ts')).toBe(module);
  });
});

describe('nest g -c nestjs-mcp in a CommonJS project without its own typescript', () => {
  it('writes imports without .js, honours --no-spec, and names the import to add by hand', async () => {
    const app = newApp({ esm: false, onlyNestjsMcp: true });
    const run = await app.nest(['g', '-c', 'nestjs-mcp', 'tool', 'UserNotes', '--no-spec']);
    expect(run.stderr).toContain(
      `src/app.module.ts was not changed: the project's "typescript" package could not be loaded; add UserNotesTools to its providers by hand (import { UserNotesTools } from './user-notes/user-notes.tools';).`,
    );
    expect(app.files()).toEqual(
      [...SCAFFOLD, 'src/user-notes/dto/create-user-note.dto.ts', 'src/user-notes/dto/user-note.dto.ts', 'src/user-notes/user-notes.tools.ts'].sort(),
    );
    expect(app.read('src/user-notes/user-notes.tools.ts')).toContain(`import { CreateUserNoteDto } from './dto/create-user-note.dto';`);
    expect(app.read('src/app.module.ts')).toBe(APP_MODULE);
  });
});
