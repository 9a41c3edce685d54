import { terminalSafe } from '../output.js';
import type { SurfaceChange, SurfaceChangeLevel } from './surface-change.js';

const MARKS: Record<SurfaceChangeLevel, string> = {
  breaking: '✗ breaking  ',
  compatible: '+ compatible',
  cosmetic: '~ cosmetic  ',
};

const LEVELS: readonly SurfaceChangeLevel[] = ['breaking', 'compatible', 'cosmetic'];

/**
 * The changes for a terminal, in the order given: a heading per component, a line per change marked with its level,
 * then a count (`3 changes: 1 breaking, 1 compatible, 1 cosmetic`). Plain text; what the server named is made safe.
 */
export function renderChanges(changes: SurfaceChange[]): string {
  if (!changes.length) return 'No changes.';
  const groups = new Map<string, SurfaceChange[]>();
  for (const change of changes) {
    const group = groups.get(change.component);
    if (group) group.push(change);
    else groups.set(change.component, [change]);
  }
  const blocks = [...groups].map(([component, group]) => [terminalSafe(component), ...group.map((change) => `  ${MARKS[change.level]}  ${terminalSafe(change.message)}`)].join('\n'));
  const counts = LEVELS.map((level) => `${changes.filter((change) => change.level === level).length} ${level}`).join(', ');
  return `${blocks.join('\n')}\n\n${changes.length} ${changes.length === 1 ? 'change' : 'changes'}: ${counts}`;
}
