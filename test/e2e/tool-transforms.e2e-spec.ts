import { Injectable, Module, UseGuards, type CanActivate, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsArray, IsInt, IsString, Min, MinLength } from 'class-validator';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Arg, Args, Field, McpExecutionContext, McpModule, Tool, ToolTransform, type McpToolTransform } from 'nestjs-mcp';
import { McpTestClient } from 'nestjs-mcp/testing';
import { startApp, type RunningApp } from '../helpers/app.js';
import { ALL_CLIENTS, connect, textOf, withClients } from '../helpers/clients.js';

// transforms.tools: a tool shown under another name, description and annotations, with one argument renamed and two
// hidden (a fixed value, a computed one); calls are validated by the tool's own DTO and run through its pipeline.
class NoteInput {
  @IsString()
  @MinLength(1)
  @Field('The text')
  text!: string;

  @IsArray()
  @IsString({ each: true })
  @Field('Tags')
  tags!: string[];

  @IsString()
  @Field('Who wrote it')
  author!: string;
}

@Injectable()
class NoBlocked implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return McpExecutionContext.create(context).getArguments<{ text?: string }>().text !== 'blocked';
  }
}

@Injectable()
class Notes {
  @Tool({ description: 'Add a note', annotations: { readOnlyHint: false } })
  @UseGuards(NoBlocked)
  addNote(@Args() input: NoteInput) {
    return { saved: input };
  }
}

let computed = 0;
const transform: McpToolTransform = {
  name: 'note_add',
  description: 'Save a note for later',
  annotations: { readOnlyHint: false, idempotentHint: false },
  arguments: {
    text: { name: 'content', description: 'What to remember' },
    tags: { hide: true, value: ['from-agent'] },
    author: { hide: true, compute: () => `agent-${++computed}` },
  },
};

@Module({ imports: [McpModule.forRoot({ name: 'notes', version: '1.0.0', transforms: { tools: { addNote: transform } } })], providers: [Notes, NoBlocked] })
class TransformedApp {}

describe.each(ALL_CLIENTS)('a transformed tool (%s client)', (kind) => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(TransformedApp);
  });
  afterAll(() => server.close());

  it('is listed as the transform shows it', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      const [tool] = (await client.listTools()).tools;
      expect(tool).toMatchObject({ name: 'note_add', description: 'Save a note for later', annotations: { readOnlyHint: false, idempotentHint: false } });
      expect(tool.inputSchema.properties).toEqual({ content: expect.objectContaining({ type: 'string', description: 'What to remember' }) });
      expect(tool.inputSchema.required).toEqual(['content']);
    });
  });

  it('maps a call back: the renamed argument under its own name, the hidden ones filled in', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      const result = await client.callTool('note_add', { content: 'buy milk' });
      const saved = JSON.parse(result.content[0].text).saved;
      expect(saved).toEqual({ text: 'buy milk', tags: ['from-agent'], author: expect.stringMatching(/^agent-\d+$/) });
      const forged = await client.callTool('note_add', { content: 'x', tags: ['forged'], author: 'mallory', text: 'old name' });
      expect(JSON.parse(forged.content[0].text).saved).toEqual({ text: 'x', tags: ['from-agent'], author: expect.stringMatching(/^agent-\d+$/) });
      await expect(client.callTool('addNote', { text: 'x' })).rejects.toMatchObject({ code: -32602 });
    });
  });

  it("validates with the tool's own DTO and runs its guards", async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      expect(await client.callTool('note_add', { content: '' })).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('text must be longer') }] });
      expect(await client.callTool('note_add', { content: 'blocked' })).toMatchObject({ isError: true });
    });
  });
});

describe('transforms: mistakes refused at start-up', () => {
  it.each([
    [{ nope: {} }, 'transforms.tools names tools this server does not have: nope'],
    [{ addNote: { arguments: { missing: { name: 'x' } } } }, 'The transform of tool "addNote" names an argument it does not have: "missing"'],
    [{ addNote: { arguments: { tags: { hide: true } } } }, 'The transform of tool "addNote" hides "tags" without a value or compute()'],
    [{ addNote: { arguments: { text: { name: 'tags' } } } }, 'The transform of tool "addNote" gives two arguments the name "tags"'],
    [{ addNote: { name: 'bad name' } }, 'Invalid MCP tool name "bad name"'],
  ] as [Record<string, McpToolTransform>, string][])('%#: %s', async (tools, message) => {
    @Module({ imports: [McpModule.forRoot({ name: 'bad', version: '1.0.0', transforms: { tools } })], providers: [Notes, NoBlocked] })
    class Bad {}
    const moduleRef = await Test.createTestingModule({ imports: [Bad] }).compile();
    await expect(moduleRef.init()).rejects.toThrow(message);
    await moduleRef.close();
  });
});

// @ToolTransform: the same transform declared on the method, for every server. The typical case: a DTO shared with
// REST controllers, whose tenantId the MCP tool fills in and whose customer it shows as "client". A server's own
// transforms.tools entry for the tool replaces the decorator's.
class CreateInvoiceDto {
  @IsString()
  @Field('Tenant owning the invoice')
  tenantId!: string;

  @IsString()
  @MinLength(1)
  @Field('Customer name')
  customer!: string;

  @IsInt()
  @Min(1)
  @Field('Amount in cents')
  amount!: number;
}

@Injectable()
class NoBlockedCustomer implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return McpExecutionContext.create(context).getArguments<{ customer?: string }>().customer !== 'blocked';
  }
}

@Injectable()
class TrimCustomer implements PipeTransform<CreateInvoiceDto> {
  transform(input: CreateInvoiceDto): CreateInvoiceDto {
    return Object.assign(input, { customer: input.customer.trim() });
  }
}

@Injectable()
class Invoices {
  @Tool({ description: 'Create an invoice' })
  @ToolTransform({
    description: 'Bill a customer of the current tenant',
    arguments: {
      tenantId: { hide: true, compute: ({ auth }) => auth?.claims.tenant ?? 'acme' },
      customer: { name: 'client', description: 'Who pays' },
    },
  })
  @UseGuards(NoBlockedCustomer)
  createInvoice(@Args(TrimCustomer) input: CreateInvoiceDto) {
    return { created: { ...input } };
  }
}

@Module({
  imports: [
    McpModule.forRoot({ name: 'billing', version: '1.0.0' }),
    McpModule.forRoot({
      name: 'partner',
      version: '1.0.0',
      server: 'partner',
      path: 'partner/mcp',
      transforms: { tools: { createInvoice: { name: 'invoice_create', arguments: { tenantId: { hide: true, value: 'partner-co' } } } } },
    }),
  ],
  providers: [Invoices, NoBlockedCustomer, TrimCustomer],
})
class DecoratedApp {}

function created(result: unknown): Record<string, unknown> {
  return JSON.parse(textOf(result)).created;
}

describe.each(ALL_CLIENTS)('a tool transformed by @ToolTransform (%s client)', (kind) => {
  let server: RunningApp;
  beforeAll(async () => {
    server = await startApp(DecoratedApp);
  });
  afterAll(() => server.close());

  it('is listed as the decorator shows it', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      const [tool] = (await client.listTools()).tools;
      expect(tool).toMatchObject({ name: 'createInvoice', description: 'Bill a customer of the current tenant' });
      expect(Object.keys(tool.inputSchema.properties)).toEqual(['client', 'amount']);
      expect(tool.inputSchema.properties.client).toMatchObject({ type: 'string', description: 'Who pays' });
      expect(tool.inputSchema.required).toEqual(['client', 'amount']);
    });
  });

  it('runs a call validated by the DTO through its guard and pipe, with the hidden tenantId filled in', async () => {
    await withClients([connect(kind, server.url)], async (client) => {
      expect(created(await client.callTool('createInvoice', { client: '  Globex ', amount: 100 }))).toEqual({ tenantId: 'acme', customer: 'Globex', amount: 100 });
      expect(created(await client.callTool('createInvoice', { client: 'Initech', amount: 5, tenantId: 'evil', customer: 'old name' }))).toEqual({
        tenantId: 'acme',
        customer: 'Initech',
        amount: 5,
      });
      expect(await client.callTool('createInvoice', { client: 'Globex', amount: 0 })).toMatchObject({ isError: true, content: [{ text: expect.stringContaining('amount must not be less than 1') }] });
      expect(await client.callTool('createInvoice', { client: 'blocked', amount: 1 })).toMatchObject({ isError: true, content: [{ text: 'Forbidden resource' }] });
    });
  });

  it("is shown by a server's own transforms.tools entry instead, which replaces the decorator's", async () => {
    await withClients([connect(kind, new URL('/partner/mcp', server.origin))], async (client) => {
      const [tool] = (await client.listTools()).tools;
      expect(tool).toMatchObject({ name: 'invoice_create', description: 'Create an invoice' });
      expect(Object.keys(tool.inputSchema.properties)).toEqual(['customer', 'amount']);
      expect(created(await client.callTool('invoice_create', { customer: 'Initech', amount: 5 }))).toEqual({ tenantId: 'partner-co', customer: 'Initech', amount: 5 });
      await expect(client.callTool('createInvoice', { client: 'Initech', amount: 5 })).rejects.toMatchObject({ code: -32602 });
    });
  });
});

describe('a hidden argument computed from the caller', () => {
  it("gets the caller's principal, which the client cannot override", async () => {
    const moduleRef = await Test.createTestingModule({ imports: [DecoratedApp] }).compile();
    const client = await McpTestClient.create(moduleRef, { auth: { subject: 'alice', claims: { tenant: 'globex' } } });
    try {
      expect(created(await client.callTool('createInvoice', { client: 'Initech', amount: 5, tenantId: 'evil' }))).toEqual({ tenantId: 'globex', customer: 'Initech', amount: 5 });
    } finally {
      await client.close();
      await moduleRef.close();
    }
  });
});

describe('@ToolTransform on a mounted module', () => {
  @Injectable()
  class Billing {
    @Tool({ description: 'Create an invoice' })
    @ToolTransform({ name: 'invoice', arguments: { tenantId: { hide: true, value: 'acme' } } })
    createInvoice(@Args() input: CreateInvoiceDto) {
      return { created: { ...input } };
    }
  }
  @Module({ providers: [Billing] })
  class BillingModule {}

  it('has its name namespaced too, and a transforms.tools entry under the namespaced tool name replaces it', async () => {
    @Module({
      imports: [
        BillingModule,
        McpModule.forRoot({ name: 'hub', version: '1.0.0', mount: [{ module: BillingModule, namespace: 'billing' }] }),
        McpModule.forRoot({
          name: 'other',
          version: '1.0.0',
          server: 'other',
          mount: [{ module: BillingModule, namespace: 'billing' }],
          transforms: { tools: { billing_createInvoice: { arguments: { tenantId: { hide: true, value: 'other-co' } } } } },
        }),
      ],
    })
    class MountedBilling {}
    const moduleRef = await Test.createTestingModule({ imports: [MountedBilling] }).compile();
    const hub = await McpTestClient.create(moduleRef);
    const other = await McpTestClient.create(moduleRef, { server: 'other' });
    try {
      expect((await hub.listTools()).tools.map((tool) => tool.name)).toEqual(['billing_invoice']);
      expect(created(await hub.callTool('billing_invoice', { customer: 'Globex', amount: 3 }))).toEqual({ tenantId: 'acme', customer: 'Globex', amount: 3 });
      expect((await other.listTools()).tools.map((tool) => tool.name)).toEqual(['billing_createInvoice']);
      expect(created(await other.callTool('billing_createInvoice', { customer: 'Globex', amount: 3 }))).toEqual({ tenantId: 'other-co', customer: 'Globex', amount: 3 });
    } finally {
      await Promise.all([hub.close(), other.close()]);
      await moduleRef.close();
    }
  });
});

describe('@ToolTransform with arguments named like Object.prototype members', () => {
  it('leaves an argument called "constructor" as it is', async () => {
    @Injectable()
    class Odd {
      @Tool()
      @ToolTransform({ arguments: { note: { hide: true, value: 'hidden' } } })
      echo(@Arg('constructor') value: string, @Arg('note') note: string) {
        return `${value} ${note}`;
      }
    }
    @Module({ imports: [McpModule.forRoot({ name: 'odd', version: '1.0.0' })], providers: [Odd] })
    class OddApp {}
    const moduleRef = await Test.createTestingModule({ imports: [OddApp] }).compile();
    const client = await McpTestClient.create(moduleRef);
    try {
      const [tool] = (await client.listTools()).tools;
      expect(tool.inputSchema).toMatchObject({ properties: { constructor: { type: 'string' } }, required: ['constructor'] });
      expect(Object.keys(tool.inputSchema.properties!)).toEqual(['constructor']);
      expect(textOf(await client.callTool('echo', { constructor: 'shown' }))).toBe('shown hidden');
    } finally {
      await client.close();
      await moduleRef.close();
    }
  });
});

describe('@ToolTransform: mistakes refused', () => {
  async function bootWith(transform: McpToolTransform): Promise<void> {
    @Injectable()
    class BadInvoices {
      @Tool()
      @ToolTransform(transform)
      createInvoice(@Args() input: CreateInvoiceDto) {
        return input;
      }
    }
    @Module({ imports: [McpModule.forRoot({ name: 'bad', version: '1.0.0' })], providers: [BadInvoices] })
    class Bad {}
    const moduleRef = await Test.createTestingModule({ imports: [Bad] }).compile();
    try {
      await moduleRef.init();
    } finally {
      await moduleRef.close();
    }
  }

  it.each([
    [{ arguments: { missing: { name: 'x' } } }, 'The @ToolTransform of tool "createInvoice" (BadInvoices.createInvoice) names an argument it does not have: "missing"'],
    [{ arguments: { tenantId: { hide: true } } }, 'The @ToolTransform of tool "createInvoice" (BadInvoices.createInvoice) hides "tenantId" without a value or compute()'],
    [{ arguments: { customer: { name: 'amount' } } }, 'The @ToolTransform of tool "createInvoice" (BadInvoices.createInvoice) gives two arguments the name "amount"'],
    [{ name: 'bad name' }, 'Invalid MCP tool name "bad name" on the @ToolTransform of tool "createInvoice" (BadInvoices.createInvoice)'],
    [{ arguments: { tenantId: null } }, 'The @ToolTransform of tool "createInvoice" (BadInvoices.createInvoice) must describe "tenantId" with an object'],
    [{ arguments: { tenantId: { hide: true, compute: 'acme' } } }, 'The @ToolTransform of tool "createInvoice" (BadInvoices.createInvoice) gives "tenantId" a compute that is not a function'],
    [{ arguments: ['tenantId'] }, 'The @ToolTransform of tool "createInvoice" (BadInvoices.createInvoice) must give its arguments as an object'],
  ] as unknown as [McpToolTransform, string][])('%#: at start-up: %s', async (transform, message) => {
    await expect(bootWith(transform)).rejects.toThrow(message);
  });

  it('refuses @ToolTransform without an object where the class is declared, naming the method', () => {
    expect(() => {
      class Careless {
        @ToolTransform(undefined as never)
        run() {
          return 'ran';
        }
      }
      return Careless;
    }).toThrow('@ToolTransform on Careless.run needs an object: { name?, title?, description?, annotations?, arguments? }');
  });

  it('refuses @ToolTransform on a method that is not a @Tool, at start-up', async () => {
    @Injectable()
    class Lonely {
      @ToolTransform({ description: 'no tool here' })
      helper() {
        return 'helped';
      }
    }
    @Module({ imports: [McpModule.forRoot({ name: 'lonely', version: '1.0.0' })], providers: [Lonely] })
    class LonelyApp {}
    const moduleRef = await Test.createTestingModule({ imports: [LonelyApp] }).compile();
    await expect(moduleRef.init()).rejects.toThrow('@ToolTransform on Lonely.helper, which is not a @Tool');
    await moduleRef.close();
  });
});
