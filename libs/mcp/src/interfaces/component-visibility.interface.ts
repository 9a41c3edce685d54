/** The kinds of component visibility rules tell apart (`resource` covers resource templates). */
export type McpListedKind = 'tool' | 'resource' | 'prompt';

/**
 * Which components a visibility rule is about: those matching every criterion given (an empty filter matches all).
 * `names` are tool and prompt names, or a resource's name, URI or URI template, as clients see them.
 */
export interface McpComponentFilter {
  names?: string[];
  /** A component carrying at least one of these tags matches. */
  tags?: string[];
  kinds?: McpListedKind[];
}

/** One `ctx.session.enable()` / `disable()`: the last rule matching a component decides whether the session sees it. */
export interface McpVisibilityRule {
  enable: boolean;
  filter: McpComponentFilter;
}
