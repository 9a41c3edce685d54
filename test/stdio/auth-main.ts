import 'reflect-metadata';
import { bootstrapStdio } from 'nestjs-mcp';
import { AuthStdioModule } from './auth-notes.module.js';

/** `AUTH_STDIO_PRINCIPAL=none` serves without a principal; otherwise every request acts for alice with notes:read. */
const anonymous = process.env.AUTH_STDIO_PRINCIPAL === 'none';

await bootstrapStdio(AuthStdioModule, {
  logger: ['error', 'warn'],
  ...(anonymous ? {} : { auth: { subject: 'alice', clientId: 'desktop-host', scopes: ['notes:read'] } }),
});
