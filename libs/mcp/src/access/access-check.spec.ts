import { describe, expect, it } from '@jest/globals';
import { Public, RequireClaims, RequireRoles, RequireScopes } from '../decorators/access.decorators.js';
import { asMcpAuthInfo } from './auth-info.js';
import { checkAccess, describeDenial } from './access-check.js';
import { accessRequirementOf, NO_REQUIREMENT } from './access-requirement.js';

@RequireScopes('billing')
class Billing {
  @RequireScopes('invoices:read')
  @RequireRoles('accountant', 'admin')
  invoice() {}

  @Public()
  prices() {}

  @RequireClaims({ tenant: 'acme', groups: 'staff' })
  report() {}

  plain() {}
}

const requirementOf = (method: keyof Billing) => accessRequirementOf(Billing.prototype[method], Billing);
const caller = (scopes: string[], claims: Record<string, unknown> = {}) => asMcpAuthInfo({ token: 't', clientId: 'c', scopes, claims });

describe('access requirements', () => {
  it('adds up the class and the method, and lets @Public() win', () => {
    expect(requirementOf('invoice')).toEqual({ public: false, scopes: ['billing', 'invoices:read'], roles: ['accountant', 'admin'], claims: {} });
    expect(requirementOf('plain').scopes).toEqual(['billing']);
    expect(checkAccess(requirementOf('prices'), undefined)).toBeUndefined();
    expect(accessRequirementOf(undefined, undefined)).toBe(NO_REQUIREMENT);
  });

  it('names what is missing', () => {
    const invoice = requirementOf('invoice');
    expect(checkAccess(invoice, undefined)).toEqual({ reason: 'unauthenticated' });
    expect(checkAccess(invoice, caller(['billing']))).toEqual({ reason: 'scope', missing: ['invoices:read'] });
    expect(checkAccess(invoice, caller(['billing', 'invoices:read'], { roles: ['viewer'] }))).toEqual({ reason: 'role', anyOf: ['accountant', 'admin'] });
    expect(checkAccess(invoice, caller(['billing', 'invoices:read'], { roles: ['admin'] }))).toBeUndefined();
    expect(describeDenial({ reason: 'scope', missing: ['a', 'b'] }, 'tool "x"')).toBe('Forbidden: tool "x" requires the scope(s) a b');
  });

  it('matches claims by value, or by membership for arrays', () => {
    const report = requirementOf('report');
    expect(checkAccess(report, caller(['billing'], { tenant: 'acme', groups: ['staff', 'x'] }))).toBeUndefined();
    expect(checkAccess(report, caller(['billing'], { tenant: 'acme', groups: 'staff' }))).toBeUndefined();
    expect(checkAccess(report, caller(['billing'], { tenant: 'other', groups: 'staff' }))).toEqual({ reason: 'claim', claim: 'tenant' });
    expect(checkAccess(report, caller(['billing'], { tenant: 'acme' }))).toEqual({ reason: 'claim', claim: 'groups' });
  });

  it('requires nothing of undecorated components, even from anonymous callers', () => {
    expect(checkAccess(NO_REQUIREMENT, undefined)).toBeUndefined();
  });
});
