import 'reflect-metadata';
import { bootstrapStdio } from 'nestjs-mcp';
import { AppModule } from './app.module.js';

void bootstrapStdio(AppModule);
