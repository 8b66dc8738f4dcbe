import { contractId, validatePayload, type AnyContract, type Envelope, type PayloadOf } from '@b2b/contracts';

export interface IncomingMessage<C extends AnyContract = AnyContract> {
  readonly contract: C;
  readonly payload: PayloadOf<C>;
  readonly envelope: Envelope;
}

export interface Subscription {
  close(): Promise<void>;
  /** What the consumer is doing now (for readiness and GET /api/health/consumers). */
  state(): SubscriptionState;
}

/** joining: connecting or (re)joining its group; running: consuming; stalled: joined, but neither
 *  fetched, handled nor heartbeated for a while (e.g. the broker is unreachable); restarting: the
 *  consumer crashed and the adapter is making a new one (with backoff); failed: the adapter gave up;
 *  closed: `close()` was called. Only `running` counts as ready. */
export type SubscriptionStatus = 'joining' | 'running' | 'stalled' | 'restarting' | 'failed' | 'closed';

/** One partition (Kafka) or queue (in-process) of a group, as last seen by its consumer. */
export interface PartitionProgress {
  readonly topic: string;
  readonly partition: number;
  /** Offset of the last message handled by this member (null: none since it got the partition). */
  readonly handledOffset: string | null;
  /** Offset after the last message in the partition, as reported with the latest fetched batch. */
  readonly highWatermark: string | null;
  /** Messages not yet handled: highWatermark - next offset to handle (as of the latest batch). */
  readonly lag: number;
}

export interface SubscriptionState {
  readonly group: string;
  readonly status: SubscriptionStatus;
  /** When the status last changed (ISO 8601). */
  readonly since: string;
  /** Why the consumer last crashed or stalled (the transport's error), null when it never did. */
  readonly lastError: string | null;
  /** Consumers the adapter made anew after a crash. */
  readonly restarts: number;
  /** Sum of the partitions' lag. */
  readonly lag: number;
  readonly partitions: readonly PartitionProgress[];
}

export interface SubscribeOptions {
  /** Consumer group: every group receives every message; within a group each message goes to one member. */
  readonly group: string;
  /** What this consumer understands; other events on the same topics are passed over. */
  readonly contracts: readonly AnyContract[];
  /** May see a message more than once (at-least-once): must be idempotent (inbox keyed by event id).
   *  A throw means "not handled": the message is delivered again, and later messages of its key wait. */
  readonly handle: (message: IncomingMessage) => Promise<void>;
}

/** Sends integration events. Resolves once the transport holds them durably (Kafka: acks from all
 *  in-sync replicas; in-process: every subscribed handler has handled them). Per-key order is kept.
 *  Implementations: InProcessBus (here), KafkaPublisher (@b2b/messaging-kafka). */
export abstract class MessagePublisher {
  abstract publish(messages: readonly Envelope[]): Promise<void>;
}

/** Receives integration events, validated against their contract before `handle` sees them.
 *  Implementations: InProcessBus (here), KafkaSubscriber (@b2b/messaging-kafka). */
export abstract class MessageSubscriber {
  abstract subscribe(options: SubscribeOptions): Promise<Subscription>;
}

/** Matches an envelope to one of the consumer's contracts and validates its payload.
 *  Returns null when the consumer does not handle this type; throws Invalid on a bad payload. */
export const decodeEnvelope = (contracts: readonly AnyContract[], envelope: Envelope): IncomingMessage | null => {
  const contract = contracts.find((c) => c.type === envelope.type && c.version === envelope.version);
  if (!contract) return null;
  // AnyContract's payload is `any` by design (contracts differ in payload type); validation makes it safe.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
  return { contract, payload: validatePayload(contract, envelope.payload), envelope };
};

export const describeEnvelope = (e: Envelope): string => `${contractId(e)} ${e.eventId} (key ${e.key})`;
