import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden, Unauthorized } from '@b2b/kernel';
import { ACCESS_KEY, type Access, type AuthenticatedRequest } from './decorators.js';
import { TokenService } from './token.service.js';
import { UserTokenStates } from './user-token-states.js';

/** Global guard: verifies the bearer token and the route's roles. Denies by default: a route that
 *  declares neither @Public nor @Roles is refused (Nest's documented example would allow it). A token of a
 *  deactivated user, or older than the user's last password change, is refused (UserTokenStates). */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly states: UserTokenStates,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (access?.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    const header = request.headers['authorization'];
    if (!header?.startsWith('Bearer ')) throw new Unauthorized('AUTH.MISSING_TOKEN', 'missing bearer token');
    const { actor, tokenVersion } = this.tokens.verifyToken(header.slice('Bearer '.length).trim());
    if (!this.states.allows(actor.userId, tokenVersion)) {
      throw new Unauthorized('AUTH.TOKEN_REVOKED', 'token revoked (the user was deactivated or changed the password): sign in again');
    }
    request.actor = actor;
    if (!access) throw new Forbidden('AUTH.NO_ACCESS_RULE', 'this route declares no roles and is closed');
    if (!access.roles.some((r) => actor.roles.includes(r))) {
      throw new Forbidden('AUTH.WRONG_ROLE', `requires one of the roles: ${access.roles.join(', ')}`);
    }
    return true;
  }
}
