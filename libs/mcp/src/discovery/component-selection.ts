import type { Type } from '@nestjs/common';
import type { McpComponentSelection } from '../options/mcp-options.js';

/**
 * Whether a server with `selection` serves a component declared in `host` with `tags`: in an included module (if any
 * are named) and carrying an included tag (if any are named), and neither in an excluded module nor excluded by a tag.
 */
export function isSelected(selection: McpComponentSelection, host: Type<unknown> | undefined, tags: readonly string[]): boolean {
  if (selection.includeModules.size && !(host && selection.includeModules.has(host))) return false;
  if (selection.includeTags.size && !tags.some((tag) => selection.includeTags.has(tag))) return false;
  if (host && selection.excludeModules.has(host)) return false;
  return !tags.some((tag) => selection.excludeTags.has(tag));
}
