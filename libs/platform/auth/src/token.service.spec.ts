import { describe, it, expect } from '@jest/globals';
import { FixedClock, Unauthorized, type Actor } from '@b2b/kernel';
import { authConfig } from './auth.config.js';
import { TokenService } from './token.service.js';
import { JwtService } from '@nestjs/jwt';

const actor: Actor = { userId: '5b3c1f9e-1111-4111-8111-111111111111', companyId: '5b3c1f9e-2222-4222-8222-222222222222', roles: ['requester', 'approver'], email: 'a@b.example' };
const secret = 'x'.repeat(40);

describe('TokenService', () => {
  it('round-trips the user, company and roles', () => {
    const tokens = new TokenService(authConfig(secret), new FixedClock());
    expect(tokens.verify(tokens.sign(actor))).toEqual(actor);
  });

  it('carries the token version, 0 for a token without the claim', () => {
    const tokens = new TokenService(authConfig(secret), new FixedClock());
    expect(tokens.verifyToken(tokens.sign(actor, 3))).toEqual({ actor, tokenVersion: 3 });
    const legacy = new JwtService().sign({ sub: actor.userId, companyId: actor.companyId, roles: actor.roles, email: actor.email }, { secret, issuer: 'b2b-platform', algorithm: 'HS256' });
    expect(tokens.verifyToken(legacy).tokenVersion).toBe(0);
  });

  it('refuses a token signed with another secret', () => {
    const clock = new FixedClock();
    const forged = new TokenService(authConfig('y'.repeat(40)), clock).sign(actor);
    expect(() => new TokenService(authConfig(secret), clock).verify(forged)).toThrow(Unauthorized);
  });

  it('refuses an expired token, by the injected clock', () => {
    const clock = new FixedClock(new Date('2026-03-01T08:00:00Z'));
    const tokens = new TokenService(authConfig(secret, 60), clock);
    const token = tokens.sign(actor);
    clock.advance(61_000);
    expect(() => tokens.verify(token)).toThrow(expect.objectContaining({ code: 'AUTH.TOKEN_EXPIRED' }));
  });

  it('refuses garbage', () => {
    const tokens = new TokenService(authConfig(secret), new FixedClock());
    expect(() => tokens.verify('not.a.token')).toThrow(Unauthorized);
  });

  it('refuses a short secret at configuration time', () => {
    expect(() => authConfig('short')).toThrow(/at least 32/);
  });
});
