import type { ActorRef, DomainEvent } from '@b2b/kernel';
import type { Envelope } from '@b2b/contracts';
import { PollingSubscription } from './subscription.js';
import type { Seal, SealHead } from './integrity.js';

/** A place in the global log. PostgreSQL: (transaction id, sequence); KurrentDB: (commit, prepare).
 *  Ordered lexicographically; readers resume strictly after the last checkpoint they handled. */
export interface Checkpoint {
  readonly commit: bigint;
  readonly position: bigint;
}

export const compareCheckpoints = (a: Checkpoint, b: Checkpoint): number =>
  a.commit === b.commit ? Number(a.position - b.position) : a.commit < b.commit ? -1 : 1;

export const checkpointToString = (c: Checkpoint): string => `${c.commit}/${c.position}`;
export const checkpointFromString = (s: string): Checkpoint => {
  const [commit, position] = s.split('/');
  if (commit === undefined || position === undefined) throw new Error(`not a checkpoint: ${s}`);
  return { commit: BigInt(commit), position: BigInt(position) };
};

/** Who, why and in which conversation an append happened. Stored with every event. */
export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: ActorRef | null;
  /** The tenant whose data this is (null only for platform-wide streams). */
  readonly companyId: string | null;
}

/** An event to append; `id` makes the append idempotent (a retried append with the same ids is a no-op). */
export interface NewEvent<E extends DomainEvent = DomainEvent> {
  readonly id: string;
  readonly type: E['type'];
  readonly data: E['data'];
}

/** A stored event: the domain event (its union stays discriminable) plus where and how it was stored. */
export type RecordedEvent<E extends DomainEvent = DomainEvent> = E & {
  readonly id: string;
  readonly stream: string;
  /** 1-based position in its stream. */
  readonly version: bigint;
  readonly checkpoint: Checkpoint;
  readonly recordedAt: Date;
  readonly meta: EventMetadata;
  /** The event's link in its stream's hash chain (integrity.ts): hex sha256. */
  readonly hash: string;
  /** Its link in the service's chain over the global order; null until the sealer reached it. */
  readonly seal: Seal | null;
};

/** `expected`: the stream version the decision was based on (0n = the stream must not exist), or 'any'. */
export interface AppendOptions {
  readonly expected: bigint | 'any';
  readonly meta: EventMetadata;
  /** Integration events to publish, stored atomically with the domain events (transactional outbox). */
  readonly outbox?: readonly Envelope[];
}

export interface AppendResult {
  /** The stream version after the append. */
  readonly version: bigint;
  readonly checkpoint: Checkpoint;
}

/** One stream's part of an `appendMany`. */
export interface StreamAppend<E extends DomainEvent = DomainEvent> {
  readonly stream: string;
  readonly events: readonly NewEvent<E>[];
  readonly expected: bigint | 'any';
}

export interface OutboxEntry {
  readonly checkpoint: Checkpoint;
  readonly message: Envelope;
}

/** Append-only streams with optimistic concurrency, one per aggregate.
 *  Implementations: InMemoryEventStore (here), PostgresEventStore (pg; PGlite through its socket
 *  server), KurrentEventStore (@eventstore/db-client). Every one passes `eventStoreContract`. */
export abstract class EventStore {
  /** Events of one stream in order; `version` is 0n when the stream does not exist. */
  abstract read<E extends DomainEvent>(stream: string, options?: { readonly toVersion?: bigint }): Promise<{ events: RecordedEvent<E>[]; version: bigint }>;

  /** Appends atomically, with the outbox messages. Throws VersionConflict when `expected` is not
   *  the current version. Idempotent by event id: repeating an append whose event ids are already
   *  stored in this stream returns the original result and writes nothing. */
  abstract append<E extends DomainEvent>(stream: string, events: readonly NewEvent<E>[], options: AppendOptions): Promise<AppendResult>;

  /** Appends to several streams atomically, for a command that decides about a set of aggregates at
   *  once (a catalog import): every stream's expected version holds and every event and outbox message
   *  is written, or nothing is. Each stream appears once. Idempotent by event id like `append`.
   *  @throws VersionConflict naming a stream whose version moved (nothing written). */
  abstract appendMany(appends: readonly StreamAppend[], options: Omit<AppendOptions, 'expected'>): Promise<{ readonly checkpoint: Checkpoint }>;

  /** Up to `limit` committed events after `after` (null = from the start), in global order, gap-free:
   *  an event whose transaction commits late is never skipped by a reader that already moved past
   *  events committed earlier. Feeds projections. */
  abstract readAll(after: Checkpoint | null, limit: number): Promise<RecordedEvent[]>;

  /** Whether events after `after` are committed that a reader at `after` has not read: `readAll` holds
   *  them back behind an older transaction still running (the gap-free rule), or they became readable
   *  since. A reader that found nothing new is caught up only when this is false. Stores that never
   *  hold committed events back answer false. */
  async holdsBack(_after: Checkpoint | null): Promise<boolean> {
    return false;
  }

  /** Outbox messages after `after`, in the same gap-free order. Feeds the relay. */
  abstract readOutbox(after: Checkpoint | null, limit: number): Promise<OutboxEntry[]>;

  /** Whether this store keeps the service chain (seals); when false, sealHead is always null. */
  get keepsServiceChain(): boolean {
    return true;
  }

  /** The newest seal of the service chain (integrity.ts), or null when nothing is sealed yet. */
  abstract sealHead(): Promise<SealHead | null>;

  /** Extends the service chain over `events`, which come from `readAll` after the seal head (events at
   *  or before the head are skipped, so two sealers racing write the same seals once). */
  abstract seal(events: readonly RecordedEvent[]): Promise<void>;

  /** Releases connections. */
  abstract close(): Promise<void>;

  /** Follows the global log from `after` (exclusive): `handle` gets every committed event once, in
   *  global order, batch by batch, and a failed batch is retried (never skipped). Polls `readAll`;
   *  call `wake()` on the returned subscription after a local append to skip the wait. */
  subscribe(options: {
    readonly after: () => Promise<Checkpoint | null>;
    readonly handle: (events: readonly RecordedEvent[]) => Promise<void>;
    readonly batchSize?: number;
    readonly idleMs?: number;
    readonly onError?: (error: unknown) => void;
  }): PollingSubscription<RecordedEvent> {
    const subscription = new PollingSubscription<RecordedEvent>({
      read: (after, limit) => this.readAll(after, limit),
      checkpointOf: (e) => e.checkpoint,
      loadCheckpoint: options.after,
      handle: options.handle,
      heldBack: (after) => this.holdsBack(after),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.idleMs !== undefined ? { idleMs: options.idleMs } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    subscription.start();
    return subscription;
  }
}

/** appendMany's precondition: each stream once, each with at least one event. */
export const assertDistinctStreams = (appends: readonly StreamAppend[]): void => {
  if (appends.length === 0) throw new Error('appendMany needs at least one stream');
  const seen = new Set<string>();
  for (const a of appends) {
    if (seen.has(a.stream)) throw new Error(`appendMany: stream ${a.stream} appears twice`);
    if (a.events.length === 0) throw new Error(`appendMany: no events for ${a.stream}`);
    seen.add(a.stream);
  }
};
