import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository, whose node_modules (with `nestjs-mcp` linked to the built libs/mcp) the scratch apps use. */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NEST = join(REPO, 'node_modules/@nestjs/cli/bin/nest.js');
const JEST = join(REPO, 'node_modules/jest/bin/jest.js');
const TSC = join(REPO, 'node_modules/typescript/bin/tsc');

export interface Run {
  code: number | null;
  /** stdout and stderr with colours removed */
  stdout: string;
  stderr: string;
}

export interface ScratchApp {
  dir: string;
  read(path: string): string;
  write(path: string, text: string): void;
  /** Every file of the app outside node_modules, sorted. */
  files(): string[];
  /** `nest <args>` with the repository's Nest CLI, in the app. */
  nest(args: string[]): Promise<Run>;
  /** The app's own jest, as `npm test` of a Nest app runs it (ESM mode). */
  jest(): Promise<Run>;
  /** `tsc --noEmit` of the app's tsconfig.json. */
  tsc(): Promise<Run>;
}

export const APP_MODULE = `import { Module } from '@nestjs/common';
import { McpModule } from 'nestjs-mcp';

@Module({
  imports: [McpModule.forRoot({ name: 'scratch', version: '1.0.0' })],
})
export class AppModule {}
`;

// The repository's compiler and jest settings (tsconfig.json, jest.config.js), for an app of its own.
const TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'ES2023',
    lib: ['ES2023'],
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    isolatedModules: true,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node', 'jest'],
  },
  include: ['src'],
};
const JEST_CONFIG = `export default {
  testEnvironment: 'node',
  rootDir: 'src',
  testRegex: '\\\\.spec\\\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\\\.{1,2}/.*)\\\\.js$': '$1' },
  transform: {
    '^.+\\\\.ts$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
    }],
  },
};
`;

/**
 * A Nest app in a temp dir: package.json (`"type": "module"` when `esm`), nest-cli.json, tsconfig.json, a jest config
 * and src/app.module.ts with McpModule.forRoot. Its node_modules is the repository's, or, with `onlyNestjsMcp`, a
 * folder holding just `nestjs-mcp` (a project without its own `typescript`).
 */
export function scratchApp(options: { esm: boolean; onlyNestjsMcp?: boolean }): ScratchApp {
  const dir = mkdtempSync(join(tmpdir(), 'nestjs-mcp-schematics-'));
  const home = join(dir, '.home');
  mkdirSync(home);
  if (options.onlyNestjsMcp) {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(join(REPO, 'libs/mcp'), join(dir, 'node_modules/nestjs-mcp'), 'dir');
  } else {
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  }
  const app: ScratchApp = {
    dir,
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    write: (path, text) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    files: () =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
        .filter((file) => !/^(node_modules|\.home)\//.test(file))
        .sort(),
    nest: (args) => run([NEST, ...args], dir, home),
    jest: () => run(['--experimental-vm-modules', '--disable-warning=ExperimentalWarning', JEST, '--ci'], dir, home),
    tsc: () => run([TSC, '-p', 'tsconfig.json'], dir, home),
  };
  app.write('package.json', JSON.stringify({ name: 'scratch', private: true, ...(options.esm ? { type: 'module' } : {}) }, null, 2));
  app.write('nest-cli.json', JSON.stringify({ collection: '@nestjs/schematics', sourceRoot: 'src' }, null, 2));
  app.write('tsconfig.json', JSON.stringify(TSCONFIG, null, 2));
  app.write('jest.config.js', JEST_CONFIG);
  app.write('src/app.module.ts', APP_MODULE);
  return app;
}

/** `node <args>` in `cwd` with a home of its own, never the real one. */
function run(args: string[], cwd: string, home: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    USERPROFILE: home,
    APPDATA: join(home, 'AppData'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local/share'),
    CI: '1',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  delete env.JEST_WORKER_ID;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: plain(stdout), stderr: plain(stderr) }));
  });
}

function plain(text: string): string {
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
