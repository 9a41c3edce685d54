#!/usr/bin/env node
// The `nestjs-mcp` command. Everything is in program.ts; this file only runs it and exits with its code.
import { runCli } from './program.js';

process.exit(await runCli(process.argv));
