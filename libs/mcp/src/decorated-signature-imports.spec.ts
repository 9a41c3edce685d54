import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ts from 'typescript';
import { Complete, McpCompletionRequest, McpContext, McpCtx, Tool } from './index.js';

const lib = resolve(process.cwd(), 'libs/mcp/src');
const snippetPath = resolve(lib, '__decorated-signature-snippet__.ts');
const snippet = `
import { Complete, McpCtx, McpCompletionRequest, McpContext, Tool } from 'nestjs-mcp';

export class Handlers {
  @Tool()
  tool(@McpCtx() ctx: McpContext) {
    return ctx.requestId;
  }

  @Complete({ prompt: 'p', argument: 'a' })
  complete({ value }: McpCompletionRequest) {
    return [value];
  }
}
`;

/** The diagnostics of the snippet, compiled as an app with `isolatedModules` and decorator metadata would compile it. */
function diagnosticsOf(source: string): string[] {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    isolatedModules: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    types: ['node'],
    paths: { 'nestjs-mcp': [resolve(lib, 'index.ts')] },
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = ((exists) => (name: string) => name === snippetPath || exists(name))(host.fileExists.bind(host));
  host.readFile = (name) => (name === snippetPath ? source : readFile(name));
  host.getSourceFile = (name, version, ...rest) =>
    name === snippetPath ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest);
  const program = ts.createProgram([snippetPath], options, host);
  const file = program.getSourceFile(snippetPath)!;
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map(
    (diagnostic) => `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
  );
}

describe('public types used in decorated signatures', () => {
  it('compile when imported as values (isolatedModules + emitDecoratorMetadata, no TS1272)', () => {
    expect(diagnosticsOf(snippet)).toEqual([]);
  });

  it('reflect as Object, as with `import type`, so pipes see the parameters as before', () => {
    class Handlers {
      @Tool()
      tool(@McpCtx() ctx: McpContext) {
        return ctx.requestId;
      }

      @Complete({ prompt: 'p', argument: 'a' })
      complete({ value }: McpCompletionRequest) {
        return [value];
      }
    }
    expect(Reflect.getMetadata('design:paramtypes', Handlers.prototype, 'tool')).toEqual([Object]);
    expect(Reflect.getMetadata('design:paramtypes', Handlers.prototype, 'complete')).toEqual([Object]);
  });
});
