import type { ComponentNames } from '../names.cjs';
import { providerSchematic, type Blueprint, type RelativeImport } from '../provider-schematic.cjs';
import { providerSpec } from '../provider-spec.cjs';

/**
 * `nest g -c nestjs-mcp prompt notes`: `NotesPrompts` with a `reviewNotes` prompt that takes a required and an
 * optional argument, and its spec.
 */
export const promptSchematic = providerSchematic(promptBlueprint);

function promptBlueprint(names: ComponentNames, relative: RelativeImport): Blueprint {
  const className = `${names.pascal}Prompts`;
  const provider = { className, file: `${names.kebab}.prompts.ts` };
  const prompt = `review${names.pascal}`;
  const text = (topic: string, audience: string) => `Review the ${names.words} about ${topic}${audience} and list what is missing.`;
  return {
    provider: {
      ...provider,
      content: `import { Injectable } from '@nestjs/common';
import { Arg, Prompt } from 'nestjs-mcp';

@Injectable()
export class ${className} {
  @Prompt({ description: 'Review the ${names.words} on a topic' })
  ${prompt}(
    @Arg('topic', { description: 'What to focus on' }) topic: string,
    @Arg('audience', { description: 'Who the review is for', required: false }) audience?: string,
  ): string {
    return \`${text('${topic}', "${audience ? ` for ${audience}` : ''}")}\`;
  }
}
`,
    },
    extras: {},
    spec: providerSpec(
      provider,
      relative,
      `
  it('lists the ${prompt} prompt with its arguments', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.find(({ name }) => name === '${prompt}')?.arguments).toEqual([
      { name: 'topic', description: 'What to focus on', required: true },
      { name: 'audience', description: 'Who the review is for', required: false },
    ]);
  });

  it('fills in the prompt from its arguments', async () => {
    const prompt = await client.getPrompt('${prompt}', { topic: 'planning', audience: 'the team' });
    expect(prompt.messages).toEqual([
      { role: 'user', content: { type: 'text', text: '${text('planning', ' for the team')}' } },
    ]);
  });

  it('refuses a call without the required argument', async () => {
    await expect(client.getPrompt('${prompt}', {})).rejects.toThrow(/topic/);
  });
`,
    ),
  };
}
