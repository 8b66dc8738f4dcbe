import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ROLES, type Actor, type Role } from '@b2b/kernel';

export const ACCESS_KEY = 'b2b:access';

export type Access = { readonly kind: 'public' } | { readonly kind: 'roles'; readonly roles: readonly Role[] };

/** No token needed (login, health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);

/** Signed-in users holding at least one of these roles. A route without @Roles or @Public is refused. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies Access);

/** Any signed-in user, whatever the role (tenant scoping still applies in the handler). */
export const AnyRole = (): MethodDecorator & ClassDecorator => Roles(...ROLES);

export interface AuthenticatedRequest {
  actor?: Actor;
}

/** The signed-in user, set by AccessGuard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
