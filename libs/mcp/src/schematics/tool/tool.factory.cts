import type { ComponentNames } from '../names.cjs';
import { providerSchematic, type Blueprint, type RelativeImport } from '../provider-schematic.cjs';
import { providerSpec } from '../provider-spec.cjs';

/**
 * `nest g -c nestjs-mcp tool notes`: `NotesTools` with a `createNote` tool that takes a validated DTO
 * (`dto/create-note.dto.ts`) and returns structured content with an output schema (`dto/note.dto.ts`), and its spec.
 */
export const toolSchematic = providerSchematic(toolBlueprint);

function toolBlueprint(names: ComponentNames, relative: RelativeImport): Blueprint {
  const { one } = names;
  const className = `${names.pascal}Tools`;
  const tool = `create${one.pascal}`;
  const input = { className: `Create${one.pascal}Dto`, file: `create-${one.kebab}.dto` };
  const output = { className: `${one.pascal}Dto`, file: `${one.kebab}.dto` };
  const provider = { className, file: `${names.kebab}.tools.ts` };
  const description = `Create ${/^[aeiou]/.test(one.words) ? 'an' : 'a'} ${one.words}`;
  return {
    provider: {
      ...provider,
      content: `import { Injectable } from '@nestjs/common';
import { Args, Tool } from 'nestjs-mcp';
import { ${input.className} } from '${relative(`./dto/${input.file}`)}';
import { ${output.className} } from '${relative(`./dto/${output.file}`)}';

@Injectable()
export class ${className} {
  private readonly ${names.camel} = new Map<string, ${output.className}>();

  @Tool({ description: '${description}', output: ${output.className} })
  ${tool}(@Args() input: ${input.className}): ${output.className} {
    const created = { id: String(this.${names.camel}.size + 1), name: input.name, tags: input.tags };
    this.${names.camel}.set(created.id, created);
    return created;
  }
}
`,
    },
    extras: {
      [`dto/${input.file}.ts`]: `import { IsArray, IsOptional, IsString, MinLength } from 'class-validator';
import { Field } from 'nestjs-mcp';

/** The arguments of the ${tool} tool: its input schema, and how they are validated. */
export class ${input.className} {
  @IsString() @MinLength(1) @Field('What to call it')
  name!: string;

  @IsOptional() @IsArray() @IsString({ each: true }) @Field('Labels to find it by')
  tags: string[] = [];
}
`,
      [`dto/${output.file}.ts`]: `import { IsArray, IsString } from 'class-validator';

/** What the ${tool} tool returns: its output schema. */
export class ${output.className} {
  @IsString() id!: string;
  @IsString() name!: string;
  @IsArray() @IsString({ each: true }) tags!: string[];
}
`,
    },
    spec: providerSpec(
      provider,
      relative,
      `
  it('lists the ${tool} tool with its input and output schemas', async () => {
    const { tools } = await client.listTools();
    const tool = tools.find(({ name }) => name === '${tool}');
    expect(tool?.inputSchema).toMatchObject({ type: 'object', required: ['name'] });
    expect(tool?.outputSchema).toMatchObject({ type: 'object', required: ['id', 'name', 'tags'] });
  });

  it('calls ${tool} and gets structured content back', async () => {
    const result = await client.callTool('${tool}', { name: 'first', tags: ['example'] });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ id: '1', name: 'first', tags: ['example'] });
  });

  it('answers invalid arguments with an isError result', async () => {
    const result = await client.callTool('${tool}', { name: '' });
    expect(result.isError).toBe(true);
  });
`,
    ),
  };
}
