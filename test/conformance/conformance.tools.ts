import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { Arg, McpContent, McpCtx, Tool, type McpContext } from 'nestjs-mcp';
import { PNG_BASE64, WAV_BASE64 } from './media.js';

const ELICITATION_SCHEMA = {
  type: 'object',
  properties: {
    username: { type: 'string', description: "User's response" },
    email: { type: 'string', description: "User's email address" },
  },
  required: ['username', 'email'],
};

const DEFAULTS_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', default: 'John Doe' },
    age: { type: 'integer', default: 30 },
    score: { type: 'number', default: 95.5 },
    status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' },
    verified: { type: 'boolean', default: true },
  },
  required: [],
};

const ENUMS_SCHEMA = {
  type: 'object',
  properties: {
    untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
    titledSingle: {
      type: 'string',
      oneOf: [
        { const: 'value1', title: 'First Option' },
        { const: 'value2', title: 'Second Option' },
        { const: 'value3', title: 'Third Option' },
      ],
    },
    legacyEnum: { type: 'string', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
    untitledMulti: { type: 'array', minItems: 1, maxItems: 3, items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
    titledMulti: {
      type: 'array',
      minItems: 1,
      maxItems: 3,
      items: {
        anyOf: [
          { const: 'value1', title: 'First Choice' },
          { const: 'value2', title: 'Second Choice' },
          { const: 'value3', title: 'Third Choice' },
        ],
      },
    },
  },
  required: [],
};

const JSON_SCHEMA_2020_12 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  $defs: { address: { $anchor: 'addressDef', type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
  properties: {
    name: { type: 'string' },
    address: { $ref: '#/$defs/address' },
    contactMethod: { type: 'string', enum: ['phone', 'email'] },
    phone: { type: 'string' },
    email: { type: 'string' },
  },
  allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
  if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
  then: { required: ['phone'] },
  else: { required: ['email'] },
  additionalProperties: false,
};

/** The conformance suite's tool fixtures, written with nestjs-mcp's public API only. */
@Injectable()
export class ConformanceTools {
  @Tool({ description: 'Returns simple text' })
  test_simple_text() {
    return 'This is a simple text response for testing.';
  }

  @Tool({ description: 'Returns an image' })
  test_image_content() {
    return McpContent.image(PNG_BASE64, 'image/png');
  }

  @Tool({ description: 'Returns audio' })
  test_audio_content() {
    return McpContent.audio(WAV_BASE64, 'audio/wav');
  }

  @Tool({ description: 'Returns an embedded resource' })
  test_embedded_resource() {
    return McpContent.resource('test://embedded-resource', { text: 'This is an embedded resource content.' }, 'text/plain');
  }

  @Tool({ description: 'Returns text, an image and a resource' })
  test_multiple_content_types() {
    return [
      McpContent.text('Multiple content types test:'),
      McpContent.image(PNG_BASE64, 'image/png'),
      McpContent.resource('test://mixed-content-resource', { text: JSON.stringify({ test: 'data', value: 123 }) }, 'application/json'),
    ];
  }

  @Tool({ description: 'Logs three messages while running' })
  async test_tool_with_logging(@McpCtx() ctx: McpContext) {
    await ctx.log.info('Tool execution started');
    await sleep(50);
    await ctx.log.info('Tool processing data');
    await sleep(50);
    await ctx.log.info('Tool execution completed');
    return 'Logging test completed';
  }

  @Tool({ description: 'Always fails' })
  test_error_handling() {
    return { content: [{ type: 'text', text: 'This tool intentionally returns an error for testing' }], isError: true };
  }

  @Tool({ description: 'Reports progress three times' })
  async test_tool_with_progress(@McpCtx() ctx: McpContext) {
    await ctx.progress(0, 100);
    await sleep(50);
    await ctx.progress(50, 100);
    await sleep(50);
    await ctx.progress(100, 100);
    return 'Progress test completed';
  }

  @Tool({ description: "Asks the client's model" })
  async test_sampling(@Arg('prompt', { description: 'The prompt to send' }) prompt: string, @McpCtx() ctx: McpContext) {
    const reply = await ctx.sample({ messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 });
    const content = Array.isArray(reply.content) ? reply.content[0] : reply.content;
    return `LLM response: ${content?.type === 'text' ? content.text : JSON.stringify(content)}`;
  }

  @Tool({ description: 'Asks the user for input' })
  async test_elicitation(@Arg('message', { description: 'What to ask' }) message: string, @McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit(message, ELICITATION_SCHEMA);
    return `User response: action=${answer.action}, content=${JSON.stringify(answer.data ?? {})}`;
  }

  @Tool({ description: 'Elicitation with defaults (SEP-1034)' })
  async test_elicitation_sep1034_defaults(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit('Please confirm your details', DEFAULTS_SCHEMA);
    return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.data ?? {})}`;
  }

  @Tool({ description: 'Elicitation with every enum shape (SEP-1330)' })
  async test_elicitation_sep1330_enums(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit('Please choose', ENUMS_SCHEMA);
    return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.data ?? {})}`;
  }

  @Tool({ description: 'A JSON Schema 2020-12 input schema, passed through verbatim', input: JSON_SCHEMA_2020_12 })
  json_schema_2020_12_tool(@McpCtx() _ctx: McpContext) {
    return 'ok';
  }

  @Tool({ description: 'Closes its stream mid-call; the result is replayed on reconnection (SEP-1699)' })
  async test_reconnection(@McpCtx() ctx: McpContext) {
    await ctx.closeStream();
    await sleep(100);
    return 'Reconnection test completed';
  }
}
