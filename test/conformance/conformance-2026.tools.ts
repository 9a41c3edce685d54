import { Injectable } from '@nestjs/common';
import { Arg, McpCtx, McpRegistry, Prompt, Tool, type McpContext } from 'nestjs-mcp';

const NAME_SCHEMA = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
const OK_SCHEMA = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };

function textOf(content: unknown): string {
  const block = Array.isArray(content) ? content[0] : content;
  return (block as { type?: string; text?: string })?.type === 'text' ? String((block as { text: string }).text) : JSON.stringify(block);
}

/**
 * The 2026-07-28 fixtures of conformance 0.2.0: input-required rounds (written with the same `ctx.elicit/sample/
 * listRoots` calls that do server-to-client requests on 2025 sessions), stateless diagnostics, list-change triggers,
 * and a tool parameter mirrored in an `Mcp-Param-*` header.
 */
@Injectable()
export class Conformance2026Tools {
  private toggled = false;

  constructor(private readonly registry: McpRegistry) {}

  @Tool({ description: 'Asks for the user name, then greets' })
  async test_input_required_result_elicitation(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit('What is your name?', NAME_SCHEMA, { key: 'user_name' });
    return answer.action === 'accept' ? `Hello, ${String(answer.data.name)}!` : `No name given (${answer.action})`;
  }

  @Tool({ description: "Asks the client's model a question" })
  async test_input_required_result_sampling(@McpCtx() ctx: McpContext) {
    const reply = await ctx.sample('What is the capital of France?', { maxTokens: 50, key: 'capital_question' });
    return `The model says: ${textOf(reply.content)}`;
  }

  @Tool({ description: "Lists the client's roots" })
  async test_input_required_result_list_roots(@McpCtx() ctx: McpContext) {
    const { roots } = await ctx.listRoots({ key: 'client_roots' });
    return `Roots: ${roots.map((root) => root.uri).join(', ')}`;
  }

  @Tool({ description: 'Asks for a confirmation carried across rounds in requestState' })
  async test_input_required_result_request_state(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit('Is everything ok?', OK_SCHEMA, { key: 'confirm' });
    return answer.action === 'accept' && answer.data.ok ? 'state-ok' : 'state-declined';
  }

  @Tool({ description: 'Asks for three inputs at once' })
  async test_input_required_result_multiple_inputs(@McpCtx() ctx: McpContext) {
    const [name, reply, roots] = await Promise.all([
      ctx.elicit('What is your name?', NAME_SCHEMA, { key: 'user_name' }),
      ctx.sample('Say hello', { maxTokens: 20, key: 'greeting' }),
      ctx.listRoots({ key: 'client_roots' }),
    ]);
    return `name=${String(name.data?.name)} greeting=${textOf(reply.content)} roots=${roots.roots.length}`;
  }

  @Tool({ description: 'Asks two questions, one per round' })
  async test_input_required_result_multi_round(@McpCtx() ctx: McpContext) {
    const name = await ctx.elicit('What is your name?', NAME_SCHEMA, { key: 'user_name' });
    const color = await ctx.elicit('Favourite colour?', { type: 'object', properties: { color: { type: 'string' } }, required: ['color'] }, { key: 'favorite_color' });
    return `${String(name.data?.name)} likes ${String(color.data?.color)}`;
  }

  @Tool({ description: 'Asks for a confirmation; tampered state is refused' })
  async test_input_required_result_tampered_state(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit('Proceed?', OK_SCHEMA, { key: 'confirm' });
    return `confirmed=${String(answer.data?.ok)}`;
  }

  @Tool({ description: 'Asks only for what the client can answer' })
  async test_input_required_result_capabilities(@McpCtx() ctx: McpContext) {
    const capabilities = ctx.client.capabilities ?? {};
    if (capabilities.elicitation) return `elicited: ${JSON.stringify((await ctx.elicit('Name?', NAME_SCHEMA, { key: 'user_name' })).data)}`;
    if (capabilities.sampling) return `sampled: ${textOf((await ctx.sample('Say hi', { maxTokens: 10, key: 'sample' })).content)}`;
    return `roots: ${(await ctx.listRoots({ key: 'roots' })).roots.length}`;
  }

  @Prompt({ description: 'A prompt that asks for context first' })
  async test_input_required_result_prompt(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit('Any context?', { type: 'object', properties: { context: { type: 'string' } }, required: ['context'] }, { key: 'user_context' });
    return `Use this context: ${String(answer.data?.context)}`;
  }

  @Tool({ description: 'Needs sampling, which the client may not have declared' })
  async test_missing_capability(@McpCtx() ctx: McpContext) {
    const reply = await ctx.sample('Anything', { maxTokens: 10 });
    return textOf(reply.content);
  }

  @Tool({ description: 'Elicits (as an input-required result, never a request on the stream)' })
  async test_streaming_elicitation(@McpCtx() ctx: McpContext) {
    const answer = await ctx.elicit('Your name?', NAME_SCHEMA, { key: 'user_name' });
    return `Hello ${String(answer.data?.name)}`;
  }

  @Tool({ description: 'Logs (only when the request asked for a log level)' })
  async test_logging_tool(@McpCtx() ctx: McpContext) {
    await ctx.log.info('test_logging_tool ran');
    return 'logged';
  }

  @Tool({ description: 'Adds or removes a tool (tools/list_changed)' })
  test_trigger_tool_change() {
    this.toggled = !this.toggled;
    if (this.toggled) this.registry.addTool({ name: 'test_dynamic_tool', description: 'Appears and disappears', handler: () => 'dynamic' });
    else this.registry.removeTool('test_dynamic_tool');
    return `dynamic tool ${this.toggled ? 'added' : 'removed'}`;
  }

  @Tool({ description: 'Adds or removes a prompt (prompts/list_changed)' })
  test_trigger_prompt_change() {
    if (!this.registry.removePrompt('test_dynamic_prompt')) {
      this.registry.addPrompt({ name: 'test_dynamic_prompt', description: 'Appears and disappears', handler: () => 'dynamic' });
    }
    return 'prompt list changed';
  }

  @Tool({ description: 'Echoes a parameter that clients mirror in the Mcp-Param-Region header' })
  test_custom_header(@Arg('region', { description: 'Region', schema: { 'x-mcp-header': 'Region' } }) region: string) {
    return `region=${region}`;
  }
}
