import type { ActorRef } from '@b2b/kernel';

/** An integration event ready to send: the payload of a contract plus its headers. Written to the
 *  outbox in the same transaction as the domain events, published by the relay, read by consumers.
 *  Kafka carries the header fields as headers (`event-id`, `event-type`, ...) and the key as the message key. */
export interface Envelope {
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly topic: string;
  readonly key: string;
  readonly companyId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: ActorRef | null;
  readonly occurredAt: string;
  readonly payload: object;
}
