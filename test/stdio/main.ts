import 'reflect-metadata';
import { bootstrapStdio } from 'nestjs-mcp';
import { ProgressModule } from './progress.module.js';

await bootstrapStdio(ProgressModule, { logger: ['error', 'warn'] });
