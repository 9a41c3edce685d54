import { ProtocolError, type Client } from '@modelcontextprotocol/client';
import { Command } from 'commander';
import { promptArguments, toolArguments } from '../call/call-arguments.js';
import { closestNames } from '../call/did-you-mean.js';
import { CliError } from '../cli-error.js';
import { json, print, printError, terminalSafe } from '../output.js';
import { listAll } from '../surface/read-surface.js';
import { withConnection } from '../targets/connect.js';
import { connectOptionsOf, looksLikeTarget, targetOf, withTargetOptions, type TargetFlags } from '../targets/target-options.js';

interface CallFlags extends TargetFlags {
  args?: string;
  resource?: string;
  prompt?: string;
}

/**
 * `nestjs-mcp call [target] <tool> [key=value...]`, `call [target] --resource <uri>`, `call [target] --prompt <name>
 * [key=value...]`: one request, its result as JSON on stdout; progress and log messages on stderr.
 */
export function callCommand(): Command {
  return withTargetOptions(new Command('call'), 60_000)
    .description('call a tool (or read a resource, or get a prompt) and print the result as JSON')
    .argument('[target]', 'the server, as for list (optional: dist/app.module.js by default)')
    .argument('[tool]', 'the tool to call')
    .argument('[arguments...]', 'key=value pairs; a value is read by the type of its property in the input schema')
    .option('--args <json>', 'the arguments as one JSON object (key=value pairs win)')
    .option('--resource <uri>', 'read this resource instead of calling a tool')
    .option('--prompt <name>', 'get this prompt instead of calling a tool')
    .addHelpText('after', '\nExamples:\n  nestjs-mcp call addNote text="buy milk" tags=\'["home"]\'\n  nestjs-mcp call http://127.0.0.1:3000/mcp --resource notes://index\n  nestjs-mcp call --command "node dist/stdio.js" --prompt review topic=shopping')
    .action(async (...parsed: unknown[]) => {
      const flags = parsed[3] as CallFlags;
      const words = [parsed[0], parsed[1], ...(parsed[2] as string[])].filter((word): word is string => typeof word === 'string');
      const positional = flags.command === undefined && words.length && looksLikeTarget(words[0]) ? words.shift() : undefined;
      if (flags.resource !== undefined && flags.prompt !== undefined) throw new CliError('give --resource or --prompt, not both');
      const options = connectOptionsOf(flags);
      const outcome = await withConnection(targetOf(positional, flags), options, ({ client }) => {
        showServerMessages(client);
        const request = { timeout: options.timeoutMs };
        if (flags.resource !== undefined) {
          if (words.length) throw new CliError(`--resource takes no arguments (got ${words.join(' ')})`);
          return settle(client.readResource({ uri: flags.resource }, request));
        }
        if (flags.prompt !== undefined) return settle(client.getPrompt({ name: flags.prompt, arguments: promptArguments(flags.args, words) }, request));
        return callTool(client, words, flags.args, options.timeoutMs);
      });
      await print(json(outcome.body));
      if (outcome.failed) process.exitCode = 1;
    });
}

interface Outcome {
  body: unknown;
  failed: boolean;
}

async function callTool(client: Client, words: string[], argsJson: string | undefined, timeoutMs: number): Promise<Outcome> {
  const [name, ...pairs] = words;
  if (name === undefined) throw new CliError('name a tool to call (or use --resource <uri> or --prompt <name>)');
  const tools = await listAll(client, 'tools', timeoutMs);
  const tool = tools.find((entry) => entry.name === name);
  if (!tool) {
    const names = tools.map((entry) => String(entry.name));
    const close = closestNames(name, names);
    throw new CliError(`the server has no tool "${terminalSafe(name)}"${close.length ? ` (did you mean ${close.map((found) => `"${terminalSafe(found)}"`).join(' or ')}?)` : ''}; run \`nestjs-mcp list\` to see them`);
  }
  const args = toolArguments(argsJson, pairs, tool.inputSchema);
  const outcome = await settle(
    client.callTool(
      { name, arguments: args },
      { timeout: timeoutMs, onprogress: ({ progress, total, message }) => void printError(`progress ${progress}${total === undefined ? '' : `/${total}`}${message ? ` ${terminalSafe(message)}` : ''}`) },
    ),
  );
  return { body: outcome.body, failed: outcome.failed || (outcome.body as { isError?: boolean }).isError === true };
}

/** A result, or the JSON-RPC error the server answered with as `{ error: { code, message, data } }`. */
async function settle(request: Promise<unknown>): Promise<Outcome> {
  try {
    return { body: await request, failed: false };
  } catch (error) {
    if (error instanceof ProtocolError) return { body: { error: { code: error.code, message: error.message, ...(error.data === undefined ? {} : { data: error.data }) } }, failed: true };
    throw new CliError(error instanceof Error ? error.message : String(error), 1);
  }
}

/** Log messages the server sends during the call go to stderr, so stdout stays the result alone. */
function showServerMessages(client: Client): void {
  client.setNotificationHandler('notifications/message', ({ params }) => {
    const data = typeof params.data === 'string' ? params.data : JSON.stringify(params.data);
    void printError(`[${params.level}]${params.logger ? ` ${terminalSafe(params.logger)}:` : ''} ${terminalSafe(data)}`);
  });
}
