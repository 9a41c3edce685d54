import { describe, expect, it } from '@jest/globals';
import { MountedResourceUris } from './mounted-resource-uris.js';

describe('MountedResourceUris', () => {
  const uris = new MountedResourceUris();
  uris.add('repo://trending', 'github');
  uris.add('repo://{owner}/{name}', 'github');
  uris.add('repo://{owner}/{name}', 'github');
  uris.add('repo://trending', 'mirror');

  it('serves a fixed URI under every namespace it is mounted under', () => {
    expect(uris.servedAs('repo://trending')).toEqual(['repo://github/trending', 'repo://mirror/trending']);
  });

  it('serves a URI of a mounted template under its namespace, once', () => {
    expect(uris.servedAs('repo://nestjs/nest')).toEqual(['repo://github/nestjs/nest']);
  });

  it('has no form for URIs no mounted module serves', () => {
    expect(uris.servedAs('repo://a/b/c')).toEqual([]);
    expect(uris.servedAs('notes://1')).toEqual([]);
    expect(uris.servedAs('')).toEqual([]);
  });

  it('is empty until a resource is added', () => {
    expect(new MountedResourceUris().empty).toBe(true);
    expect(uris.empty).toBe(false);
  });
});
