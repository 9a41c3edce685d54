import type { ComponentNames } from '../names.cjs';
import { providerSchematic, type Blueprint, type RelativeImport } from '../provider-schematic.cjs';
import { providerSpec } from '../provider-spec.cjs';

/**
 * `nest g -c nestjs-mcp resource notes`: `NotesResources` with a fixed resource (`notes://index`) and a resource
 * template (`notes://{id}`, unknown ids answered as resource-not-found), and its spec.
 */
export const resourceSchematic = providerSchematic(resourceBlueprint);

function resourceBlueprint(names: ComponentNames, relative: RelativeImport): Blueprint {
  const { one } = names;
  const className = `${names.pascal}Resources`;
  const provider = { className, file: `${names.kebab}.resources.ts` };
  const scheme = names.kebab.replace(/_/g, '-');
  const list = `list${names.pascal}`;
  const get = `get${one.pascal}`;
  const first = `{ id: '1', name: 'The first ${one.words}' }`;
  return {
    provider: {
      ...provider,
      content: `import { Injectable, NotFoundException } from '@nestjs/common';
import { Arg, Resource } from 'nestjs-mcp';

export interface ${one.pascal} {
  id: string;
  name: string;
}

@Injectable()
export class ${className} {
  private readonly ${names.camel} = new Map<string, ${one.pascal}>([['1', ${first}]]);

  @Resource({ uri: '${scheme}://index', mimeType: 'application/json', description: 'Every ${one.words}' })
  ${list}(): ${one.pascal}[] {
    return [...this.${names.camel}.values()];
  }

  @Resource({ uri: '${scheme}://{id}', mimeType: 'application/json', description: 'One of the ${names.words}, by id' })
  ${get}(@Arg('id') id: string): ${one.pascal} {
    const found = this.${names.camel}.get(id);
    if (!found) throw new NotFoundException(\`No ${one.words} \${id}\`);
    return found;
  }
}
`,
    },
    extras: {},
    spec: providerSpec(
      provider,
      relative,
      `
  it('lists ${scheme}://index and the ${scheme}://{id} template', async () => {
    const { resources } = await client.listResources();
    expect(resources.map(({ uri }) => uri)).toContain('${scheme}://index');
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map(({ uriTemplate }) => uriTemplate)).toContain('${scheme}://{id}');
  });

  it('reads every ${one.words}, then one by id', async () => {
    const all = await client.readResource('${scheme}://index');
    expect(all.contents).toEqual([
      { uri: '${scheme}://index', mimeType: 'application/json', text: JSON.stringify([${first}]) },
    ]);
    const one = await client.readResource('${scheme}://1');
    expect(one.contents).toEqual([
      { uri: '${scheme}://1', mimeType: 'application/json', text: JSON.stringify(${first}) },
    ]);
  });

  it('answers an unknown id with resource-not-found', async () => {
    await expect(client.readResource('${scheme}://404')).rejects.toThrow('No ${one.words} 404');
  });
`,
    ),
  };
}
