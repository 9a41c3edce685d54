import 'reflect-metadata';
import { bootstrapStdio } from 'nestjs-mcp';
import { AppModule } from './app.module.js';
import { startTelemetry } from './telemetry.js';

// OpenTelemetry when MCP_OTEL is set (see src/telemetry.ts): registered before the app, flushed after it closes.
const stopTelemetry = await startTelemetry();
const stdio = await bootstrapStdio(AppModule, { exitOnClose: false });
process.stdin.once('end', () => void stdio.close().then(stopTelemetry).finally(() => process.exit(0)));
