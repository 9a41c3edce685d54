import { UriTemplate } from '@modelcontextprotocol/server';
import { namespacedUri } from './namespace.js';

/**
 * The resources of the modules a server mounts, by the URIs their own code knows: a mounted module announces an
 * update as `repo://nestjs/nest` (its template `repo://{owner}/{name}`), which this server serves as
 * `repo://github/nestjs/nest`.
 */
export class MountedResourceUris {
  /** Fixed URIs, each with the namespaces it is served under. */
  private readonly fixed = new Map<string, Set<string>>();
  /** Templates, by namespace and template. */
  private readonly templates = new Map<string, { namespace: string; template: UriTemplate }>();

  add(uri: string, namespace: string): void {
    if (UriTemplate.isTemplate(uri)) {
      const key = `${namespace} ${uri}`;
      if (!this.templates.has(key)) this.templates.set(key, { namespace, template: new UriTemplate(uri) });
      return;
    }
    const namespaces = this.fixed.get(uri) ?? new Set<string>();
    this.fixed.set(uri, namespaces.add(namespace));
  }

  get empty(): boolean {
    return this.fixed.size === 0 && this.templates.size === 0;
  }

  /** The URIs this server serves a mounted module's own `uri` under; none for any other URI. */
  servedAs(uri: string): string[] {
    const namespaces = new Set(this.fixed.get(uri));
    for (const { namespace, template } of this.templates.values()) {
      if (!namespaces.has(namespace) && template.match(uri)) namespaces.add(namespace);
    }
    return [...namespaces].map((namespace) => namespacedUri(uri, namespace));
  }
}
