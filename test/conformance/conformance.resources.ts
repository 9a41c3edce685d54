import { Injectable } from '@nestjs/common';
import { Arg, Complete, McpContent, Prompt, Resource, type McpCompletionRequest } from 'nestjs-mcp';
import { PNG_BASE64 } from './media.js';

/** The conformance suite's resource, prompt and completion fixtures. */
@Injectable()
export class ConformanceResources {
  @Resource({ uri: 'test://static-text', name: 'static-text', mimeType: 'text/plain', description: 'Static text' })
  staticText() {
    return 'This is the content of the static text resource.';
  }

  @Resource({ uri: 'test://static-binary', name: 'static-binary', mimeType: 'image/png', description: 'Static binary' })
  staticBinary() {
    return Buffer.from(PNG_BASE64, 'base64');
  }

  @Resource({ uri: 'test://template/{id}/data', name: 'template-data', mimeType: 'application/json', description: 'Templated data' })
  templateData(@Arg('id') id: string) {
    return { id, templateTest: true, data: `Data for ID: ${id}` };
  }

  @Resource({ uri: 'test://watched-resource', name: 'watched-resource', mimeType: 'text/plain', description: 'Subscribable' })
  watched() {
    return 'Watched resource content';
  }

  @Prompt({ description: 'A simple prompt' })
  test_simple_prompt() {
    return 'This is a simple prompt for testing.';
  }

  @Prompt({ description: 'A prompt with arguments' })
  test_prompt_with_arguments(@Arg('arg1', { description: 'First argument' }) arg1: string, @Arg('arg2', { description: 'Second argument' }) arg2: string) {
    return `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`;
  }

  @Complete({ prompt: 'test_prompt_with_arguments', argument: 'arg1' })
  completeArg1({ value }: McpCompletionRequest) {
    return ['testValue1', 'testValue2', 'other'].filter((candidate) => candidate.startsWith(value));
  }

  @Prompt({ description: 'A prompt with an embedded resource' })
  test_prompt_with_embedded_resource(@Arg('resourceUri', { description: 'URI of the resource' }) resourceUri: string) {
    return [McpContent.resource(resourceUri, { text: 'Embedded resource content for testing.' }, 'text/plain'), 'Please process the embedded resource above.'];
  }

  @Prompt({ description: 'A prompt with an image' })
  test_prompt_with_image() {
    return [McpContent.image(PNG_BASE64, 'image/png'), 'Please analyze the image above.'];
  }
}
