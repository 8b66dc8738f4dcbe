import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Clock, Unauthorized, isRole, isUuid, type Actor, type Role } from '@b2b/kernel';
import { AuthConfig } from './auth.config.js';

interface Claims {
  sub: string;
  companyId: string;
  roles: Role[];
  email: string;
  /** The user's token version when signed (UserTokenStates); tokens signed before the claim existed count as 0. */
  ver?: number;
}

export interface VerifiedToken {
  readonly actor: Actor;
  readonly tokenVersion: number;
}

/** Issues and verifies HS256 JWTs (@nestjs/jwt) carrying the user, the company (tenant) and the roles.
 *  Time comes from the injected Clock, so expiry is testable. */
@Injectable()
export class TokenService {
  private readonly jwt = new JwtService();

  constructor(
    private readonly config: AuthConfig,
    private readonly clock: Clock,
  ) {}

  sign(actor: Actor, tokenVersion = 0): string {
    const claims: Claims & { iat: number } = {
      sub: actor.userId, companyId: actor.companyId, roles: [...actor.roles], email: actor.email ?? '', ver: tokenVersion,
      iat: Math.floor(this.clock.now().getTime() / 1000),
    };
    return this.jwt.sign(claims, { secret: this.config.secret, issuer: this.config.issuer, expiresIn: this.config.ttlSeconds, algorithm: 'HS256' });
  }

  /** Throws Unauthorized (401) for a malformed, forged, foreign or expired token. */
  verify(token: string): Actor {
    return this.verifyToken(token).actor;
  }

  /** The actor and the token version (0 when the token has no `ver` claim). Throws like `verify`. */
  verifyToken(token: string): VerifiedToken {
    let claims: Partial<Claims>;
    try {
      claims = this.jwt.verify<Claims>(token, {
        secret: this.config.secret, issuer: this.config.issuer, algorithms: ['HS256'],
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch (error: unknown) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw new Unauthorized(expired ? 'AUTH.TOKEN_EXPIRED' : 'AUTH.INVALID_TOKEN', expired ? 'token expired' : 'invalid bearer token');
    }
    if (typeof claims.sub !== 'string' || !isUuid(claims.sub) || typeof claims.companyId !== 'string' || !isUuid(claims.companyId)) {
      throw new Unauthorized('AUTH.INVALID_TOKEN', 'token without a valid user or company');
    }
    const roles = Array.isArray(claims.roles) ? claims.roles.filter(isRole) : [];
    const tokenVersion = typeof claims.ver === 'number' && Number.isInteger(claims.ver) && claims.ver >= 0 ? claims.ver : 0;
    return { actor: { userId: claims.sub, companyId: claims.companyId, roles, email: claims.email ?? '' }, tokenVersion };
  }
}
