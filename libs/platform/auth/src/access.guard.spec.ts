import { describe, it, expect } from '@jest/globals';
import { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import { FixedClock, Forbidden, Unauthorized, type Actor } from '@b2b/kernel';
import { AccessGuard } from './access.guard.js';
import { authConfig } from './auth.config.js';
import { AnyRole, Public, Roles } from './decorators.js';
import { TokenService } from './token.service.js';
import { UserTokenStates } from './user-token-states.js';

class Routes {
  @Public() open(): void {}
  @Roles('sales') salesOnly(): void {}
  @AnyRole() anyone(): void {}
  undeclared(): void {}
}

const tokens = new TokenService(authConfig('s'.repeat(40)), new FixedClock());
const states = new UserTokenStates();
const guard = new AccessGuard(new Reflector(), tokens, states);
const rita: Actor = { userId: '7f1d2c3b-0000-4000-8000-000000000001', companyId: '7f1d2c3b-0000-4000-8000-000000000002', roles: ['requester'] };

const context = (handler: keyof Routes, authorization?: string): { ctx: ExecutionContext; request: { headers: Record<string, string>; actor?: Actor } } => {
  const request = { headers: authorization ? { authorization } : {} } as { headers: Record<string, string>; actor?: Actor };
  const ctx = {
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { ctx, request };
};

describe('AccessGuard', () => {
  it('lets anyone reach a @Public route', () => expect(guard.canActivate(context('open').ctx)).toBe(true));
  it('refuses a missing or bad token with 401', () => {
    expect(() => guard.canActivate(context('anyone').ctx)).toThrow(Unauthorized);
    expect(() => guard.canActivate(context('anyone', 'Bearer nonsense').ctx)).toThrow(Unauthorized);
  });
  it('lets a signed-in user through @AnyRole and records who it is', () => {
    const { ctx, request } = context('anyone', `Bearer ${tokens.sign(rita)}`);
    expect(guard.canActivate(ctx)).toBe(true);
    expect(request.actor).toEqual({ ...rita, email: '' });
  });
  it('refuses a user without the route’s role with 403', () =>
    expect(() => guard.canActivate(context('salesOnly', `Bearer ${tokens.sign(rita)}`).ctx)).toThrow(Forbidden));
  it('refuses a token older than the user’s token version, or of a deactivated user, with 401 AUTH.TOKEN_REVOKED', () => {
    const ulla: Actor = { ...rita, userId: '7f1d2c3b-0000-4000-8000-000000000003' };
    const old = tokens.sign(ulla, 0);
    expect(guard.canActivate(context('anyone', `Bearer ${old}`).ctx)).toBe(true); // not heard of yet: allowed
    states.learn(ulla.userId, { active: true, tokenVersion: 1 });
    expect(() => guard.canActivate(context('anyone', `Bearer ${old}`).ctx)).toThrow(expect.objectContaining({ code: 'AUTH.TOKEN_REVOKED' }));
    expect(guard.canActivate(context('anyone', `Bearer ${tokens.sign(ulla, 1)}`).ctx)).toBe(true);
    states.learn(ulla.userId, { active: true, tokenVersion: 0 }); // an older event arriving late changes nothing
    expect(() => guard.canActivate(context('anyone', `Bearer ${old}`).ctx)).toThrow(Unauthorized);
    states.learn(ulla.userId, { active: false, tokenVersion: 2 });
    expect(() => guard.canActivate(context('anyone', `Bearer ${tokens.sign(ulla, 2)}`).ctx)).toThrow(expect.objectContaining({ code: 'AUTH.TOKEN_REVOKED' }));
  });
  it('denies a route that declares no roles, even to a signed-in user', () =>
    expect(() => guard.canActivate(context('undeclared', `Bearer ${tokens.sign(rita)}`).ctx)).toThrow(expect.objectContaining({ code: 'AUTH.NO_ACCESS_RULE' })));
});
