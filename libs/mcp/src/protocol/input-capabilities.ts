import type { ClientCapabilities } from '@modelcontextprotocol/server';
import { isPlainObject } from './json-rpc-shape.js';

/**
 * The client capabilities an embedded input request of a 2026-07-28 input-required result needs (SEP-2322), as the
 * SDK reads them: URL elicitation needs `elicitation.url`, any other elicitation `elicitation.form`, sampling with
 * tools `sampling.tools`, roots `roots`. Undefined for another method (not a capability question).
 */
function requiredFor(entry: unknown): Record<string, Record<string, object>> | undefined {
  if (!isPlainObject(entry)) return undefined;
  const params = isPlainObject(entry.params) ? entry.params : undefined;
  switch (entry.method) {
    case 'elicitation/create':
      return { elicitation: params?.mode === 'url' ? { url: {} } : { form: {} } };
    case 'sampling/createMessage':
      return { sampling: params?.tools !== undefined || params?.toolChoice !== undefined ? { tools: {} } : {} };
    case 'roots/list':
      return { roots: {} };
    default:
      return undefined;
  }
}

/**
 * What the declared capabilities lack for an input request, in the shape of `ClientCapabilities` (the data of a
 * `-32021` error); undefined when nothing is missing. A bare `elicitation: {}` declares form elicitation, its 2025
 * meaning.
 */
export function missingInputCapabilities(entry: unknown, declared: ClientCapabilities | undefined): ClientCapabilities | undefined {
  const required = requiredFor(entry);
  if (!required) return undefined;
  const missing: Record<string, object> = {};
  for (const [capability, members] of Object.entries(required)) {
    const declaredValue = (declared as Record<string, unknown> | undefined)?.[capability];
    if (declaredValue === undefined) {
      missing[capability] = members;
      continue;
    }
    if (!isPlainObject(declaredValue)) continue;
    const bareElicitation = capability === 'elicitation' && declaredValue.form === undefined && declaredValue.url === undefined;
    const lacking = Object.keys(members).filter((member) => declaredValue[member] === undefined && !(bareElicitation && member === 'form'));
    if (lacking.length) missing[capability] = Object.fromEntries(lacking.map((member) => [member, {}]));
  }
  return Object.keys(missing).length ? (missing as ClientCapabilities) : undefined;
}
