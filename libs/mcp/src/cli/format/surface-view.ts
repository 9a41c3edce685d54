import type { Prompt } from '@modelcontextprotocol/client';
import { terminalSafe } from '../output.js';
import type { McpSurface } from '../surface/surface.js';
import { parameterList, resultShape } from './schema-signature.js';

export interface SurfaceViewOptions {
  /** Print each tool's input and output schema under it. */
  schemas: boolean;
}

/** The surface for a terminal: one block per list, one line per entry with its signature, its description below. */
export function surfaceView(surface: McpSurface, options: SurfaceViewOptions): string {
  const blocks = [
    section('Tools', surface.tools, (tool) => [
      `${tool.name}${parameterList(tool.inputSchema)}${tool.outputSchema ? ` → ${resultShape(tool.outputSchema)}` : ''}`,
      tool.description,
      ...(options.schemas ? schemaLines(tool.inputSchema, tool.outputSchema) : []),
    ]),
    section('Resources', surface.resources, (resource) => [`${resource.uri}${resource.mimeType ? `  (${resource.mimeType})` : ''}`, resource.description ?? resource.name]),
    section('Resource templates', surface.resourceTemplates, (template) => [
      `${template.uriTemplate}${template.mimeType ? `  (${template.mimeType})` : ''}`,
      template.description ?? template.name,
    ]),
    section('Prompts', surface.prompts, (prompt) => [`${prompt.name}${promptArguments(prompt)}`, prompt.description]),
  ];
  return blocks.filter(Boolean).join('\n') || 'The server lists no tools, resources or prompts.\n';
}

function section<T>(title: string, entries: T[], lines: (entry: T) => (string | undefined)[]): string {
  if (!entries.length) return '';
  const body = entries.map((entry) => {
    const [head, description, ...rest] = lines(entry);
    return [`  ${terminalSafe(head ?? '')}`, ...(description ? [`      ${terminalSafe(firstLine(description))}`] : []), ...rest.map((line) => `      ${terminalSafe(line ?? '')}`)].join('\n');
  });
  return `${title} (${entries.length})\n${body.join('\n')}\n`;
}

function promptArguments(prompt: Prompt): string {
  return `(${(prompt.arguments ?? []).map((argument) => `${argument.name}${argument.required ? '' : '?'}`).join(', ')})`;
}

function schemaLines(input: unknown, output: unknown): string[] {
  const indent = (text: string) => text.split('\n').map((line) => `  ${line}`);
  return [
    'input schema:',
    ...indent(JSON.stringify(input, null, 2)),
    ...(output === undefined ? [] : ['output schema:', ...indent(JSON.stringify(output, null, 2))]),
  ];
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0].trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
