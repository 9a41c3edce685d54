import { describe, expect, it } from '@jest/globals';
import { renderChanges } from './render-changes.js';
import { SURFACE_FORMAT, type McpSurface } from './surface.js';
import { diffSurfaces } from './surface-diff.js';

describe('renderChanges', () => {
  it('groups the changes by component, marks each with its level and ends with a count', () => {
    expect(
      renderChanges([
        { level: 'breaking', component: 'tool "addNote"', path: 'inputSchema.properties.tags', message: 'input property "tags" is now required' },
        { level: 'cosmetic', component: 'tool "addNote"', path: 'description', message: 'description changed' },
        { level: 'compatible', component: 'prompt "summarize"', path: '', message: 'new prompt' },
      ]),
    ).toBe(
      [
        'tool "addNote"',
        '  ✗ breaking    input property "tags" is now required',
        '  ~ cosmetic    description changed',
        'prompt "summarize"',
        '  + compatible  new prompt',
        '',
        '3 changes: 1 breaking, 1 compatible, 1 cosmetic',
      ].join('\n'),
    );
  });

  it('counts one change in the singular, and says when there is none', () => {
    expect(renderChanges([{ level: 'breaking', component: 'tool "a"', path: '', message: 'tool was removed' }]).split('\n').at(-1)).toBe('1 change: 1 breaking, 0 compatible, 0 cosmetic');
    expect(renderChanges([])).toBe('No changes.');
  });

  it('shows control characters a server put in its names instead of sending them to the terminal', () => {
    const text = renderChanges([{ level: 'compatible', component: 'tool "\u001b[2Jwipe"', path: '', message: 'new tool \u009b31m' }]);
    expect(text).not.toMatch(/[\u001b\u009b]/);
    expect(text).toContain('tool "\\u001b[2Jwipe"');
    expect(text).toContain('new tool \\u009b31m');
  });

  it('renders what diffSurfaces found, one line per change', () => {
    const surface = (tools: McpSurface['tools']): McpSurface => ({ format: SURFACE_FORMAT, server: { name: 'notes' }, tools, resources: [], resourceTemplates: [], prompts: [] });
    const before = surface([{ name: 'addNote', inputSchema: { type: 'object', properties: { limit: { type: 'integer', maximum: 100 } } }, annotations: { readOnlyHint: true } }]);
    const after = surface([
      { name: 'addNote', inputSchema: { type: 'object', properties: { limit: { type: 'integer', maximum: 50 }, tags: { type: 'array' } } }, annotations: { readOnlyHint: true, title: 'Add' } },
      { name: 'search', inputSchema: { type: 'object' } },
    ]);
    expect(renderChanges(diffSurfaces(before, after))).toBe(
      [
        'tool "addNote"',
        '  ~ cosmetic    annotation title changed from absent to "Add"',
        '  ✗ breaking    input property "limit": maximum lowered from 100 to 50',
        '  + compatible  input property "tags" was added as optional',
        'tool "search"',
        '  + compatible  new tool',
        '',
        '4 changes: 1 breaking, 2 compatible, 1 cosmetic',
      ].join('\n'),
    );
  });
});
