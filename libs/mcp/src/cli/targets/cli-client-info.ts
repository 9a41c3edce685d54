import { createRequire } from 'node:module';
import type { Implementation } from '@modelcontextprotocol/client';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

/** How the command introduces itself to servers. */
export const CLI_CLIENT_INFO: Implementation = { name: 'nestjs-mcp-cli', version };
