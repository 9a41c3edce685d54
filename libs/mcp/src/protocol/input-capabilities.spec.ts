import { describe, expect, it } from '@jest/globals';
import { missingInputCapabilities } from './input-capabilities.js';

const elicitForm = { method: 'elicitation/create', params: { message: 'Sure?', requestedSchema: { type: 'object', properties: {} } } };
const elicitUrl = { method: 'elicitation/create', params: { mode: 'url', message: 'Sign in', url: 'https://example.com', elicitationId: 'e' } };
const sample = { method: 'sampling/createMessage', params: { messages: [], maxTokens: 10 } };
const sampleWithTools = { method: 'sampling/createMessage', params: { messages: [], maxTokens: 10, tools: [] } };
const roots = { method: 'roots/list' };

describe('the client capabilities an input request needs', () => {
  it.each([
    ['form elicitation, declared', elicitForm, { elicitation: { form: {} } }, undefined],
    ['form elicitation, bare declaration (2025 meaning)', elicitForm, { elicitation: {} }, undefined],
    ['form elicitation, only URL declared', elicitForm, { elicitation: { url: {} } }, { elicitation: { form: {} } }],
    ['form elicitation, nothing declared', elicitForm, {}, { elicitation: { form: {} } }],
    ['form elicitation, no capabilities at all', elicitForm, undefined, { elicitation: { form: {} } }],
    ['URL elicitation, declared', elicitUrl, { elicitation: { url: {} } }, undefined],
    ['URL elicitation, bare declaration', elicitUrl, { elicitation: {} }, { elicitation: { url: {} } }],
    ['sampling, declared', sample, { sampling: {} }, undefined],
    ['sampling, not declared', sample, { elicitation: {} }, { sampling: {} }],
    ['sampling with tools, plain sampling declared', sampleWithTools, { sampling: {} }, { sampling: { tools: {} } }],
    ['sampling with tools, declared', sampleWithTools, { sampling: { tools: {} } }, undefined],
    ['roots, declared', roots, { roots: {} }, undefined],
    ['roots, not declared', roots, {}, { roots: {} }],
    ['another method', { method: 'ping' }, {}, undefined],
    ['not a request', 'elicitation/create', {}, undefined],
  ] as const)('%s', (_case, entry, declared, missing) => {
    expect(missingInputCapabilities(entry, declared as never)).toEqual(missing);
  });
});
