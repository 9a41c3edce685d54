import type { RelativeImport } from './provider-schematic.cjs';

/**
 * The spec of a generated provider: a testing module with `McpModule.forRoot` and the provider, a real MCP client
 * connected in memory (`McpTestClient.create`), and the given `it(...)` blocks. It uses the global `describe`/`it`/
 * `expect` that both Nest app templates provide (jest, and Vitest with `globals: true`).
 */
export function providerSpec(provider: { className: string; file: string }, relative: RelativeImport, tests: string): string {
  return `import { Test, type TestingModule } from '@nestjs/testing';
import { McpModule } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';
import { ${provider.className} } from '${relative(`./${provider.file.replace(/\.ts$/, '')}`)}';

describe('${provider.className}', () => {
  let moduleRef: TestingModule;
  let client: McpTestClient;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [McpModule.forRoot({ name: 'test', version: '1.0.0' })],
      providers: [${provider.className}],
    }).compile();
    client = await McpTestClient.create(moduleRef);
  });

  afterAll(async () => {
    await client.close();
    await moduleRef.close();
  });
${tests}});
`;
}
