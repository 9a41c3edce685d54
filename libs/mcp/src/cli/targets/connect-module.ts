import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { INestApplicationContext, LoggerService, Type } from '@nestjs/common';
import type { McpTestClient } from '../../testing/mcp-test-client.js';
import { CliError } from '../cli-error.js';
import { CLI_CLIENT_INFO } from './cli-client-info.js';
import type { ConnectOptions, McpConnection, McpTarget } from './mcp-target.js';
import { withTimeout } from './with-timeout.js';

type ModuleTarget = Extract<McpTarget, { kind: 'module' }>;
/** What the command uses of the app's own copy of nestjs-mcp and nestjs-mcp/testing. */
interface ProjectLibrary {
  StderrLogger: new () => LoggerService;
  McpRegistry: Type<unknown>;
}
interface ProjectTesting {
  McpTestClient: Pick<typeof McpTestClient, 'create'>;
}

/**
 * Loads a compiled Nest module into this process and connects to its MCP server in memory, as
 * `McpTestClient.create` does in a test. The app's own copies of `@nestjs/core` and `nestjs-mcp` are used (resolved
 * from the module file), so a globally installed command works on a project with its own version.
 */
export async function connectModule(target: ModuleTarget, options: ConnectOptions): Promise<McpConnection> {
  const file = checkedFile(target.file);
  if (options.protocol !== undefined && options.protocol !== '2025-11-25') {
    throw new CliError(`--protocol ${options.protocol}: an app module is connected in memory with the 2025-11-25 handshake; serve it and pass its URL for other versions`);
  }
  const project = createRequire(file);
  const reflect = resolveFrom(project, 'reflect-metadata');
  if (reflect) await import(reflect);
  const nestCore = (await import(resolveFrom(project, '@nestjs/core') ?? '@nestjs/core')) as typeof import('@nestjs/core');
  const library = (await import(requireFrom(project, 'nestjs-mcp', target))) as ProjectLibrary;
  const testing = (await import(requireFrom(project, 'nestjs-mcp/testing', target))) as ProjectTesting;

  const restoreConsole = consoleToStderr();
  let app: INestApplicationContext | undefined;
  try {
    const moduleClass = moduleClassOf(await importModule(file), target, shownPath(file));
    const logger: LoggerService | false = options.verbose ? new library.StderrLogger() : false;
    app = await withTimeout(
      nestCore.NestFactory.createApplicationContext(moduleClass, { logger, abortOnError: false }),
      options.timeoutMs,
      `starting ${moduleClass.name}`,
    );
    if (!hasMcpServer(app, library)) throw new CliError(`${label(target)}: ${moduleClass.name} does not import McpModule`);
    const testClient = await testing.McpTestClient.create(app, { clientInfo: CLI_CLIENT_INFO, server: target.server }).catch((error: Error) => {
      throw new CliError(`${label(target)}: ${error.message}`);
    });
    const started = app;
    return {
      client: testClient.client,
      label: label(target),
      async close() {
        await testClient.close().catch(() => undefined);
        await started.close();
        restoreConsole();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    restoreConsole();
    if (error instanceof CliError) throw error;
    throw new CliError(`${label(target)}: the app did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function checkedFile(file: string): string {
  if (!existsSync(file)) throw new CliError(`${shownPath(file)}: no such file (build the app first, e.g. npm run build)`);
  if (!statSync(file).isFile()) throw new CliError(`${shownPath(file)}: not a file`);
  const extension = extname(file);
  if (['.ts', '.mts', '.cts', '.tsx'].includes(extension)) {
    throw new CliError(`${shownPath(file)}: pass the compiled JavaScript (e.g. dist/app.module.js after npm run build), not TypeScript`);
  }
  if (!['.js', '.mjs', '.cjs'].includes(extension)) throw new CliError(`${shownPath(file)}: expected a compiled module file (.js, .mjs or .cjs) or an http(s):// URL`);
  return file;
}

/** A package the app itself must resolve: its module imports it, so it is the copy to use. */
function requireFrom(project: NodeJS.Require, specifier: string, target: ModuleTarget): string {
  const resolved = resolveFrom(project, specifier);
  if (!resolved) throw new CliError(`${label(target)}: cannot resolve ${specifier} from there (is nestjs-mcp installed in that project?)`);
  return resolved;
}

function resolveFrom(project: NodeJS.Require, specifier: string): string | undefined {
  try {
    return pathToFileURL(project.resolve(specifier)).href;
  } catch {
    return undefined;
  }
}

async function importModule(file: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`${shownPath(file)}: could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The export named after `#`, else `AppModule`, else the only exported class that is a Nest module. */
function moduleClassOf(exports: Record<string, unknown>, target: ModuleTarget, shown: string): Type<unknown> {
  const classes = Object.entries(exports).filter((entry): entry is [string, Type<unknown>] => typeof entry[1] === 'function');
  const name = target.exportName ?? (classes.some(([key]) => key === 'AppModule') ? 'AppModule' : undefined);
  if (name !== undefined) {
    const found = classes.find(([key]) => key === name);
    if (!found) throw new CliError(`${shown} exports no class ${name} (it exports: ${Object.keys(exports).join(', ') || 'nothing'})`);
    return found[1];
  }
  const modules = classes.filter(([, value]) => isNestModule(value));
  if (modules.length === 1) return modules[0][1];
  throw new CliError(
    modules.length
      ? `${shown} exports several modules (${modules.map(([key]) => key).join(', ')}): name one, e.g. ${shown}#${modules[0][0]}`
      : `${shown} exports no Nest module (it exports: ${Object.keys(exports).join(', ') || 'nothing'})`,
  );
}

function isNestModule(value: Type<unknown>): boolean {
  return ['imports', 'providers', 'controllers', 'exports'].some((key) => Reflect.getMetadata?.(key, value) !== undefined) || Reflect.getMetadata?.('__module:global__', value) !== undefined;
}

function hasMcpServer(app: INestApplicationContext, library: ProjectLibrary): boolean {
  try {
    app.get(library.McpRegistry, { strict: false });
    return true;
  } catch {
    return false;
  }
}

/** The app's `console.log` must not land in the command's JSON on stdout. */
function consoleToStderr(): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug };
  console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);
  return () => Object.assign(console, saved);
}

function label(target: ModuleTarget): string {
  const file = target.exportName ? `${shownPath(target.file)}#${target.exportName}` : shownPath(target.file);
  return target.server ? `${file} (server ${target.server})` : file;
}

/** The file as the user would write it: relative to the working directory when it is inside it. */
function shownPath(file: string): string {
  const path = relative(process.cwd(), file);
  return path && !path.startsWith('..') ? path : file;
}
