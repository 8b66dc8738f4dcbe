import type { ActorRef, Actor } from '@b2b/kernel';
import type { EventMetadata } from '@b2b/event-store';

/** Metadata for an append made on behalf of a signed-in user (or the platform itself when actor is null). */
export const metaFor = (correlationId: string, actor: Actor | null, role: ActorRef['role'] | null, companyId: string | null): EventMetadata => ({
  correlationId,
  causationId: null,
  actor: actor && role ? { userId: actor.userId, companyId: actor.companyId, role } : null,
  companyId,
});
