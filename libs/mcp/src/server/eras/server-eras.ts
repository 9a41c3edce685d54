import { Injectable } from '@nestjs/common';
import type { McpEra } from '../../protocol/eras.js';
import { LegacyEra } from './legacy-era.js';
import { ModernEra } from './modern-era.js';
import type { ServerEra } from './server-era.js';

/** The era object for an era's name (SDK entry points hand the era of each server they ask for by name). */
@Injectable()
export class ServerEras {
  constructor(
    private readonly legacy: LegacyEra,
    private readonly modern: ModernEra,
  ) {}

  of(era: McpEra): ServerEra {
    return era === 'modern' ? this.modern : this.legacy;
  }
}
