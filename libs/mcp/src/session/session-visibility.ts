import type { McpComponentFilter, McpListedKind, McpVisibilityRule } from '../interfaces/component-visibility.interface.js';
import type { SessionStore } from '../interfaces/session-store.interface.js';
import { ToolError } from '../errors/tool-error.js';
import { COMPONENT_KINDS, filterMatches, normalizeComponentFilter, type VisibilitySubject } from '../options/component-filter.js';

const STATE_KEY = 'nestjs-mcp:visibility';
const MAX_RULES = 64;
const MAX_RULES_JSON_LENGTH = 64 * 1024;

/**
 * What one session turned on and off with `ctx.session.enable()` / `disable()`, over the server's defaults. Kept with
 * a shared session (every instance holding it sees the same; `publish` tells the others), else in this process.
 */
export class SessionVisibility {
  private current: readonly McpVisibilityRule[] = [];
  /** Tells the other instances holding the session (shared 2025 sessions). Awaited: they know before the call ends. */
  publish?: (rules: readonly McpVisibilityRule[]) => Promise<void>;
  /** Tells this session's client that its lists changed (`list_changed`), where its server can. */
  notify?: (kinds: readonly McpListedKind[]) => Promise<void>;

  constructor(private readonly persist?: { store: SessionStore; sessionId: string }) {}

  get rules(): readonly McpVisibilityRule[] {
    return this.current;
  }

  async load(): Promise<void> {
    if (!this.persist) return;
    const stored = await this.persist.store.getState<McpVisibilityRule[]>(this.persist.sessionId, STATE_KEY);
    this.current = Array.isArray(stored) ? stored : [];
  }

  /** Adds a rule; a rule with the same filter made earlier gives way to it. */
  async add(enable: boolean, filter: McpComponentFilter): Promise<void> {
    const where = `ctx.session.${enable ? 'enable' : 'disable'}()`;
    const normalized = checked(() => normalizeComponentFilter(filter, where));
    const key = JSON.stringify(normalized);
    const rules = [...this.current.filter((rule) => JSON.stringify(rule.filter) !== key), { enable, filter: normalized }];
    if (rules.length > MAX_RULES || JSON.stringify(rules).length > MAX_RULES_JSON_LENGTH) {
      throw new ToolError(`${where}: this session has too many visibility rules (at most ${MAX_RULES}, 64 KiB); call ctx.session.resetVisibility() first`);
    }
    await this.save(rules, normalized.kinds ?? COMPONENT_KINDS);
  }

  async reset(): Promise<void> {
    if (this.current.length) await this.save([], COMPONENT_KINDS);
  }

  /** The rules as changed on another instance. */
  replace(rules: readonly McpVisibilityRule[]): void {
    this.current = rules;
    void this.notify?.(COMPONENT_KINDS).catch(() => undefined);
  }

  /** What the session's own rules say about a component: the last matching rule's word, else undefined. */
  decides(subject: VisibilitySubject): boolean | undefined {
    for (let index = this.current.length - 1; index >= 0; index--) {
      const rule = this.current[index]!;
      if (filterMatches(rule.filter, subject)) return rule.enable;
    }
    return undefined;
  }

  private async save(rules: readonly McpVisibilityRule[], kinds: readonly McpListedKind[]): Promise<void> {
    if (this.persist) await this.persist.store.setState(this.persist.sessionId, STATE_KEY, rules);
    this.current = rules;
    await this.publish?.(rules);
    await this.notify?.(kinds);
  }
}

/** `ctx.session.enable()`, `disable()` and `resetVisibility()`, over the session's visibility if it has one. */
export abstract class SessionVisibilityControls {
  constructor(private readonly visibility: SessionVisibility | undefined) {}

  enable(filter: McpComponentFilter): Promise<void> {
    return this.required().add(true, filter);
  }

  disable(filter: McpComponentFilter): Promise<void> {
    return this.required().add(false, filter);
  }

  resetVisibility(): Promise<void> {
    return this.required().reset();
  }

  private required(): SessionVisibility {
    if (this.visibility) return this.visibility;
    throw new ToolError(
      'Component visibility is per session: this request has none (stateless HTTP, or a 2026-07-28 request over HTTP). Use the `disabled` server option, guards or `include`/`exclude` instead.',
    );
  }
}

function checked<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    throw new ToolError((error as Error).message);
  }
}
