import { isDeepStrictEqual } from 'node:util';
import { isJsonObject, jsonKindOf } from '../surface/json-value.js';
import { ConfigNotWritable, type JsonObject } from './config-text.js';

export type MergeOutcome =
  | { kind: 'added' | 'replaced'; document: JsonObject }
  | { kind: 'unchanged' }
  | { kind: 'conflict'; existing: unknown };

/**
 * `document` with `entry` under `document[serversKey][name]`, every other key and server kept in place (a replaced
 * entry keeps its position). The same entry already there is `unchanged`; a different one is a `conflict` unless
 * `force`. A `serversKey` that holds anything but an object is refused: the file is not what the client reads.
 * `document` is not modified.
 */
export function mergeServer(document: JsonObject, serversKey: string, name: string, entry: JsonObject, force: boolean, file: string): MergeOutcome {
  const servers = Object.hasOwn(document, serversKey) ? document[serversKey] : {};
  if (!isJsonObject(servers)) throw new ConfigNotWritable(`"${serversKey}" in ${file} is ${jsonKindOf(servers)}, not an object of servers`);
  const present = Object.hasOwn(servers, name);
  const existing: unknown = present ? servers[name] : undefined;
  if (present && isDeepStrictEqual(existing, entry)) return { kind: 'unchanged' };
  if (present && !force) return { kind: 'conflict', existing };
  // Computed keys and spreads define own properties, so even a `__proto__` key of the file is copied as data.
  return { kind: present ? 'replaced' : 'added', document: { ...document, [serversKey]: { ...servers, [name]: entry } } };
}
