/** The requests whose 2026-07-28 results may be input-required rounds (multi round-trip requests, SEP-2322). */
export const INPUT_ROUND_METHODS: ReadonlySet<string> = new Set(['tools/call', 'prompts/get', 'resources/read']);
