import { describe, expect, it } from '@jest/globals';
import type { Prompt, Resource, ResourceTemplateType, Tool } from '@modelcontextprotocol/client';
import { SURFACE_FORMAT, type McpSurface } from './surface.js';
import { diffSurfaces } from './surface-diff.js';

function surface(lists: Partial<Pick<McpSurface, 'tools' | 'resources' | 'resourceTemplates' | 'prompts'>> = {}): McpSurface {
  return { format: SURFACE_FORMAT, server: { name: 'notes' }, tools: [], resources: [], resourceTemplates: [], prompts: [], ...lists };
}

function tool(name: string, fields: Partial<Tool> = {}): Tool {
  return { name, inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] }, ...fields };
}

const resource = (fields: Partial<Resource> = {}): Resource => ({ uri: 'notes://all', name: 'all notes', mimeType: 'application/json', ...fields });
const template = (fields: Partial<ResourceTemplateType> = {}): ResourceTemplateType => ({ uriTemplate: 'notes://{id}', name: 'note', mimeType: 'text/plain', ...fields });
const prompt = (fields: Partial<Prompt> = {}): Prompt => ({ name: 'summarize', arguments: [{ name: 'topic', required: true }], ...fields });

/** The changes between two versions of one tool, as `level path: message`. */
function toolChanges(before: Partial<Tool>, after: Partial<Tool>): string[] {
  return lines(diffSurfaces(surface({ tools: [tool('addNote', before)] }), surface({ tools: [tool('addNote', after)] })));
}

function lines(changes: { level: string; component: string; path: string; message: string }[]): string[] {
  return changes.map(({ level, component, path, message }) => `${level} ${component} ${path}: ${message}`);
}

describe('diffSurfaces', () => {
  it('finds nothing between identical surfaces', () => {
    const full = surface({ tools: [tool('a'), tool('b', { outputSchema: { type: 'object' } })], resources: [resource()], resourceTemplates: [template()], prompts: [prompt()] });
    expect(diffSurfaces(full, structuredClone(full))).toEqual([]);
  });

  it('a removed component is breaking, an added one compatible, in every list', () => {
    expect(lines(diffSurfaces(surface({ tools: [tool('a')], resources: [resource()] }), surface({ resourceTemplates: [template()], prompts: [prompt()] })))).toEqual([
      'breaking tool "a" : tool was removed',
      'breaking resource "notes://all" : resource was removed',
      'compatible resource template "notes://{id}" : new resource template',
      'compatible prompt "summarize" : new prompt',
    ]);
  });

  it('titles, descriptions and icons are cosmetic', () => {
    expect(toolChanges({ title: 'Add', description: 'Adds a note' }, { title: 'Add a note', icons: [{ src: 'https://example.com/n.png' }] })).toEqual([
      'cosmetic tool "addNote" description: description removed',
      'cosmetic tool "addNote" icons: icons added',
      'cosmetic tool "addNote" title: title changed from "Add" to "Add a note"',
    ]);
    expect(lines(diffSurfaces(surface({ prompts: [prompt({ description: 'a' })] }), surface({ prompts: [prompt({ description: 'b' })] })))).toEqual([
      'cosmetic prompt "summarize" description: description changed',
    ]);
    expect(lines(diffSurfaces(surface({ resourceTemplates: [template()] }), surface({ resourceTemplates: [template({ title: 'Note', description: 'One note' })] })))).toEqual([
      'cosmetic resource template "notes://{id}" description: description added',
      'cosmetic resource template "notes://{id}" title: title changed from absent to "Note"',
    ]);
  });

  it("a resource's MIME type is breaking, its name cosmetic (the URI is what identifies it)", () => {
    expect(lines(diffSurfaces(surface({ resources: [resource()] }), surface({ resources: [resource({ name: 'notes', mimeType: 'text/csv' })] })))).toEqual([
      'breaking resource "notes://all" mimeType: MIME type changed from "application/json" to "text/csv"',
      'cosmetic resource "notes://all" name: name changed from "all notes" to "notes"',
    ]);
    expect(lines(diffSurfaces(surface({ resourceTemplates: [template()] }), surface({ resourceTemplates: [template({ mimeType: undefined })] })))).toEqual([
      'breaking resource template "notes://{id}" mimeType: MIME type changed from "text/plain" to absent',
    ]);
  });

  it("a resource's audience is compatible, its priority and date cosmetic", () => {
    const annotated = (annotations: Resource['annotations']) => surface({ resources: [resource({ annotations })] });
    expect(lines(diffSurfaces(annotated({ audience: ['user'], priority: 0.2 }), annotated({ audience: ['user', 'assistant'], priority: 0.8, lastModified: '2026-01-01T00:00:00Z' })))).toEqual([
      'compatible resource "notes://all" annotations.audience: annotation audience changed from ["user"] to ["user","assistant"]',
      'cosmetic resource "notes://all" annotations.lastModified: annotation lastModified changed from absent to "2026-01-01T00:00:00Z"',
      'cosmetic resource "notes://all" annotations.priority: annotation priority changed from 0.2 to 0.8',
    ]);
  });

  it("compares a tool's input schema as what callers send", () => {
    const schema = (required: string[]) => ({ type: 'object' as const, properties: { text: { type: 'string' }, tags: { type: 'array' } }, required });
    expect(toolChanges({ inputSchema: schema(['text']) }, { inputSchema: schema(['tags', 'text']) })).toEqual([
      'breaking tool "addNote" inputSchema.properties.tags: input property "tags" is now required',
    ]);
  });

  it("compares a tool's output schema as what callers read; adding one is compatible, removing it breaking", () => {
    const output = (required: string[]) => ({ type: 'object' as const, properties: { id: { type: 'string' } }, required });
    expect(toolChanges({ outputSchema: output(['id']) }, { outputSchema: output([]) })).toEqual([
      'breaking tool "addNote" outputSchema.properties.id: output property "id" may now be absent',
    ]);
    expect(toolChanges({}, { outputSchema: output([]) })).toEqual(['compatible tool "addNote" outputSchema: output schema was added']);
    expect(toolChanges({ outputSchema: output([]) }, {})).toEqual(['breaking tool "addNote" outputSchema: output schema was removed']);
  });

  describe('tool annotations', () => {
    const hint = (before: Tool['annotations'], after: Tool['annotations']) => toolChanges({ annotations: before }, { annotations: after });

    it('a hint that makes the tool look less safe is breaking (hosts auto-approve by them)', () => {
      expect(hint({ readOnlyHint: true }, { readOnlyHint: false })).toEqual([
        'breaking tool "addNote" annotations.readOnlyHint: annotation readOnlyHint changed from true to false',
      ]);
      expect(hint({ readOnlyHint: true }, {})).toEqual(['breaking tool "addNote" annotations.readOnlyHint: annotation readOnlyHint changed from true to absent (false)']);
      expect(hint({ destructiveHint: false }, { destructiveHint: true })).toEqual([expect.stringMatching(/^breaking .*destructiveHint changed from false to true$/)]);
      expect(hint({ destructiveHint: false }, {})).toEqual([expect.stringMatching(/^breaking .*destructiveHint changed from false to absent \(true\)$/)]);
      expect(hint({ idempotentHint: true }, { idempotentHint: false })).toEqual([expect.stringMatching(/^breaking .*idempotentHint/)]);
      expect(hint({ openWorldHint: false }, { openWorldHint: true })).toEqual([expect.stringMatching(/^breaking .*openWorldHint/)]);
    });

    it('the reverse is compatible', () => {
      expect(hint({}, { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false })).toEqual([
        'compatible tool "addNote" annotations.destructiveHint: annotation destructiveHint changed from absent (true) to false',
        'compatible tool "addNote" annotations.idempotentHint: annotation idempotentHint changed from absent (false) to true',
        'compatible tool "addNote" annotations.openWorldHint: annotation openWorldHint changed from absent (true) to false',
        'compatible tool "addNote" annotations.readOnlyHint: annotation readOnlyHint changed from absent (false) to true',
      ]);
    });

    it('a title, or a hint spelled out with its default value, is cosmetic', () => {
      expect(hint({ title: 'Add' }, { title: 'Add a note', readOnlyHint: false })).toEqual([
        'cosmetic tool "addNote" annotations.readOnlyHint: annotation readOnlyHint changed from absent (false) to false, the same meaning',
        'cosmetic tool "addNote" annotations.title: annotation title changed from "Add" to "Add a note"',
      ]);
    });

    it('a hint that is not a boolean, or an annotation without a rule, is breaking', () => {
      expect(hint({}, { readOnlyHint: 'yes' as unknown as boolean })).toEqual([expect.stringMatching(/^breaking .*readOnlyHint changed from absent to "yes"$/)]);
      expect(toolChanges({}, { annotations: 'safe' as unknown as Tool['annotations'] })).toEqual([
        'breaking tool "addNote" annotations: field "annotations" changed from absent to "safe"',
      ]);
    });
  });

  it('task support becoming required, or lost, is breaking; gaining it or relaxing required is compatible', () => {
    const tasks = (taskSupport: 'required' | 'optional' | 'forbidden' | undefined) => ({ execution: taskSupport ? { taskSupport } : {} });
    expect(toolChanges(tasks('optional'), tasks('required'))).toEqual([
      'breaking tool "addNote" execution.taskSupport: task support changed from "optional" to "required"',
    ]);
    expect(toolChanges(tasks(undefined), tasks('optional'))).toEqual([
      'compatible tool "addNote" execution.taskSupport: task support changed from absent ("forbidden") to "optional"',
    ]);
    expect(toolChanges(tasks('required'), tasks('optional'))).toEqual([expect.stringMatching(/^compatible /)]);
    expect(toolChanges(tasks('optional'), tasks('forbidden'))).toEqual([
      'breaking tool "addNote" execution.taskSupport: task support changed from "optional" to "forbidden"',
    ]);
    expect(toolChanges(tasks('required'), tasks(undefined))).toEqual([expect.stringMatching(/^breaking /)]);
  });

  it("a renamed server is cosmetic", () => {
    const before: McpSurface = { format: SURFACE_FORMAT, server: { name: 'notes' }, tools: [], resources: [], resourceTemplates: [], prompts: [] };
    expect(diffSurfaces(before, { ...before, server: { name: 'notebook' } })).toEqual([
      { level: 'cosmetic', component: 'server', path: 'server.name', message: 'name changed from "notes" to "notebook"' },
    ]);
  });

  it('_meta changes are compatible, one per key', () => {
    expect(toolChanges({ _meta: { 'io.example/ui': { uri: 'ui://a' }, keep: 1 } }, { _meta: { 'io.example/ui': { uri: 'ui://b' }, keep: 1, added: true } })).toEqual([
      'compatible tool "addNote" _meta.added: _meta "added" added',
      'compatible tool "addNote" _meta["io.example/ui"]: _meta "io.example/ui" changed',
    ]);
  });

  describe('prompt arguments', () => {
    const args = (...list: Prompt['arguments'] & object) => surface({ prompts: [prompt({ arguments: list })] });
    const changes = (before: McpSurface, after: McpSurface) => lines(diffSurfaces(before, after));

    it('a removed argument or a new required one is breaking, a new optional one compatible', () => {
      expect(changes(args({ name: 'topic' }, { name: 'style' }), args({ name: 'topic' }, { name: 'length', required: true }, { name: 'tone', required: false }))).toEqual([
        'breaking prompt "summarize" arguments.length: argument "length" was added as required',
        'breaking prompt "summarize" arguments.style: argument "style" was removed',
        'compatible prompt "summarize" arguments.tone: argument "tone" was added as optional',
      ]);
    });

    it('optional -> required is breaking, required -> optional compatible, a description cosmetic', () => {
      expect(changes(args({ name: 'a' }, { name: 'b', required: true }, { name: 'c', description: 'x' }), args({ name: 'a', required: true }, { name: 'b' }, { name: 'c', description: 'y' }))).toEqual([
        'breaking prompt "summarize" arguments.a: argument "a" is now required',
        'compatible prompt "summarize" arguments.b: argument "b" is now optional',
        'cosmetic prompt "summarize" arguments.c.description: argument "c": description changed',
      ]);
    });

    it('reordered arguments are cosmetic; arguments that are not a list of named ones are compared as a whole', () => {
      expect(changes(args({ name: 'a' }, { name: 'b' }), args({ name: 'b' }, { name: 'a' }))).toEqual(['cosmetic prompt "summarize" arguments: arguments reordered']);
      expect(changes(args({ name: 'a' }), args({ name: 7 } as never))).toEqual([expect.stringMatching(/^breaking prompt "summarize" arguments: field "arguments" changed/)]);
    });
  });

  it('a field without a rule is breaking, with its name and values', () => {
    expect(toolChanges({}, { 'x-owner': 'team-a' } as Partial<Tool>)).toEqual(['breaking tool "addNote" x-owner: field "x-owner" changed from absent to "team-a"']);
  });

  it('orders by list, then by name or URI, then by path, whatever the order of the lists', () => {
    const before = surface({
      tools: [tool('b', { description: 'x' }), tool('a', { description: 'x' })],
      prompts: [prompt({ name: 'p' })],
      resources: [resource({ uri: 'z://1' }), resource({ uri: 'a://1' })],
    });
    const after = surface({
      tools: [tool('a', { description: 'y', title: 'A', outputSchema: { type: 'object' } }), tool('c')],
      resources: [resource({ uri: 'a://1', mimeType: 'text/plain' })],
      resourceTemplates: [template()],
      prompts: [prompt({ name: 'p', description: 'new' })],
    });
    const expected = [
      'cosmetic tool "a" description: description changed',
      'compatible tool "a" outputSchema: output schema was added',
      'cosmetic tool "a" title: title changed from absent to "A"',
      'breaking tool "b" : tool was removed',
      'compatible tool "c" : new tool',
      'breaking resource "a://1" mimeType: MIME type changed from "application/json" to "text/plain"',
      'breaking resource "z://1" : resource was removed',
      'compatible resource template "notes://{id}" : new resource template',
      'cosmetic prompt "p" description: description added',
    ];
    expect(lines(diffSurfaces(before, after))).toEqual(expected);
    const reversed = (value: McpSurface): McpSurface => ({ ...value, tools: [...value.tools].reverse(), resources: [...value.resources].reverse() });
    expect(diffSurfaces(reversed(before), reversed(after))).toEqual(diffSurfaces(before, after));
  });

  it('never throws on a malformed surface: lists that are not lists, entries without a name', () => {
    const odd = { ...surface(), tools: { name: 'a' }, prompts: [null, 7, { description: 'no name' }] } as unknown as McpSurface;
    expect(diffSurfaces(odd, surface({ tools: [tool('a')] }))).toEqual([{ level: 'compatible', component: 'tool "a"', path: '', message: 'new tool' }]);
    expect(toolChanges({}, { inputSchema: 'anything' as unknown as Tool['inputSchema'] })).toEqual([
      expect.stringMatching(/^breaking tool "addNote" inputSchema: input schema changed from .* to "anything", which is not a valid JSON Schema$/),
    ]);
  });

  it('compares 500 tools, changed or not, reading each tool a few times, not once per other tool', () => {
    const reads = new Map<object, number>();
    const counted = (value: Tool): Tool => {
      const proxy: Tool = new Proxy(value, { get: (target, key) => (reads.set(proxy, (reads.get(proxy) ?? 0) + 1), Reflect.get(target, key)) });
      return proxy;
    };
    const many = (version: number) =>
      surface({
        tools: Array.from({ length: 500 }, (_, index) =>
          counted(
            tool(`tool${index}`, {
              description: `Tool ${index}, version ${version}`,
              inputSchema: {
                type: 'object',
                properties: Object.fromEntries(Array.from({ length: 10 }, (_, field) => [`field${field}`, { type: 'string', maxLength: 100 + version, enum: Array.from({ length: 10 }, (_, value) => `v${value}`) }])),
                required: ['field0', 'field1'],
              },
              outputSchema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } } } },
            }),
          ),
        ),
      });
    const [committed, same, changed] = [many(1), many(1), many(2)];
    expect(diffSurfaces(committed, same)).toEqual([]);
    expect(diffSurfaces(committed, changed)).toHaveLength(500 * 11);
    // Looking each tool up in the other list by scanning it would read every tool about 500 times.
    expect(Math.max(...reads.values())).toBeLessThan(50);
  });
});
