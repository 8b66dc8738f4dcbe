import {
  BACKWARDS, END, EventStoreDBClient, FORWARDS, START, StreamNotFoundError, WrongExpectedVersionError, jsonEvent,
  type AllStreamResolvedEvent, type AppendResult as KurrentAppendResult, type AppendToStreamOptions, type EventData,
  type JSONType, type Position, type ReadAllOptions, type ReadStreamOptions, type ResolvedEvent,
} from '@eventstore/db-client';
import { RuleViolated, VersionConflict, type DomainEvent } from '@b2b/kernel';
import {
  EventStore, assertDistinctStreams, compareCheckpoints, type AppendOptions, type StreamAppend, type AppendResult, type Checkpoint, type NewEvent, type OutboxEntry,
  type RecordedEvent, type SealHead, GENESIS, chainHash, eventDigest,
} from '@b2b/event-store';
import {
  OUTBOX_SLOTS, UNKNOWN_CHECKPOINT, comparePositions, encodeJson, encodeMetadata, isDomainRecord, isKnownPosition, matchRepeated,
  linkOf, normalizeConnectionString, outboxCursor, outboxEntriesOf, redactConnectionString, sameId, toCheckpoint, toExpectedRevision, toPosition,
  toRecordedEvent, toVersionConflict, versionOfRevision, withTimeout, type KurrentRecord,
} from './mapping.js';

/** The part of the client the adapter uses; an `EventStoreDBClient` is one. */
export interface KurrentClient {
  appendToStream(streamName: string, events: EventData[], options?: AppendToStreamOptions): Promise<KurrentAppendResult>;
  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<ResolvedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
  dispose(): Promise<void>;
}

export interface KurrentEventStoreOptions {
  /** How long `open` waits for the server's first answer before giving up. Default 10 000 ms. */
  readonly connectTimeoutMs?: number;
}

/** EventStore on KurrentDB / EventStoreDB (server 22.6 or later) through `@eventstore/db-client`.
 *
 *  - **Streams and versions.** One of our streams is one KurrentDB stream of the same name. Our versions
 *    are 1-based counts, KurrentDB revisions 0-based: the event at version v has revision v-1, expected
 *    0n is `no_stream`, expected n is revision n-1, 'any' is `any`. Stream names and event types must not start
 *    with `$` (KurrentDB reserves them; readAll leaves them out).
 *  - **Events.** JSON, with bigints stored as `{"$bigint": "123"}` and read back as bigints. Event metadata
 *    holds our EventMetadata plus KurrentDB's `$correlationId` and `$causationId`.
 *  - **Outbox.** KurrentDB has no transactions across streams, so the outbox messages of an append travel
 *    in the metadata (`outbox`) of the append's last event: one append, one atomic write, and no extra
 *    event, so stream revisions stay equal to our versions and `read`/`readAll` see domain events only.
 *    (`outbox`, not `$outbox`: `$` metadata keys are the server's.) At most 1000 messages per append.
 *  - **Checkpoints.** readAll: `{ commit: commitPosition, position: preparePosition }` of the event in
 *    `$all`, in the order KurrentDB reads `$all` (commit, then prepare). readOutbox: `{ commit, position:
 *    preparePosition * 1000 + index }` of the carrying event, so each message of an append is resumable on
 *    its own and messages sort by append, then by index (only the last event of an append carries
 *    messages, so two carriers never share a commit position). Both fit a signed 64-bit column until the
 *    log passes 9 PB. Checkpoints of one method mean nothing to the other.
 *  - **Order.** `$all` holds committed events only, in commit order: gap-free without further work.
 *
 *  Vendor errors stop here: WrongExpectedVersionError becomes VersionConflict. Connection and server
 *  failures (UnavailableError, DeadlineExceededError, AccessDeniedError, MaxAppendSizeExceededError ...)
 *  reach the caller unchanged; they are infrastructure failures, not domain outcomes. */
export class KurrentEventStore extends EventStore {
  private closed = false;

  private constructor(
    private readonly client: KurrentClient,
    private readonly ownsClient: boolean,
  ) {
    super();
  }

  /** Connects and checks that the server answers a read of `$all` (which readAll and readOutbox need).
   *  Accepts `esdb://`, `esdb+discover://` and the `kurrentdb://` spellings, e.g.
   *  `esdb://localhost:2113?tls=false`. Throws when the string does not parse, or when the server does not
   *  answer within `connectTimeoutMs` (the message names the server, never the password). */
  static async open(connectionString: string, options: KurrentEventStoreOptions = {}): Promise<KurrentEventStore> {
    const client = EventStoreDBClient.connectionString(normalizeConnectionString(connectionString));
    const store = new KurrentEventStore(client, true);
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    try {
      await withTimeout(store.lastPosition(), timeoutMs, `no answer within ${timeoutMs} ms`);
    } catch (error: unknown) {
      await client.dispose().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`cannot reach KurrentDB at ${redactConnectionString(connectionString)}: ${reason}`, { cause: error });
    }
    return store;
  }

  /** Wraps a client opened elsewhere (shared with other work, or a test double). `close` disposes it only
   *  when `ownsClient` is true. */
  static fromClient(client: KurrentClient, options: { readonly ownsClient?: boolean } = {}): KurrentEventStore {
    return new KurrentEventStore(client, options.ownsClient ?? false);
  }

  /** Events of one stream in order, up to `toVersion` when given; `version` is the stream's current
   *  version (0n when it does not exist), read in a second request when `toVersion` stops short of the end. */
  async read<E extends DomainEvent>(stream: string, options?: { readonly toVersion?: bigint }): Promise<{ events: RecordedEvent<E>[]; version: bigint }> {
    const toVersion = options?.toVersion;
    if (toVersion === undefined) {
      const records = await this.readRecords(stream, { direction: FORWARDS, fromRevision: START });
      const last = records.at(-1);
      return { events: records.filter(isDomainRecord).map((r) => toRecordedEvent(r) as RecordedEvent<E>), version: last ? versionOfRevision(last.revision) : 0n };
    }
    const records = toVersion > 0n ? await this.readRecords(stream, { direction: FORWARDS, fromRevision: START, maxCount: toVersion }) : [];
    const events = records.filter((r) => isDomainRecord(r) && versionOfRevision(r.revision) <= toVersion).map((r) => toRecordedEvent(r) as RecordedEvent<E>);
    const last = records.at(-1);
    const reachedEnd = last !== undefined && BigInt(records.length) < toVersion;
    return { events, version: reachedEnd ? versionOfRevision(last.revision) : await this.currentVersion(stream) };
  }

  /** Appends the events, and the outbox messages with them, in one KurrentDB append with the expected
   *  revision: all or nothing, and exactly one of concurrent appends expecting the same version wins.
   *
   *  Hash chain (integrity.ts): the stream's last events are read first, for the hash to chain on, and the
   *  append then expects the revision read; with 'any' a lost race re-reads and chains on the new head.
   *  Each event's hash and the time it covers travel in its metadata. Two reads per append (the second
   *  because the append reply does not say whether it wrote or deduplicated).
   *
   *  Idempotent by event id: the read before the append finds events already stored (at the tail, or
   *  anywhere in the stream for 'any'); a retry the server rejects is recognised by reading the expected
   *  window of the stream. Either way the original version and checkpoint are returned.
   *
   *  @throws VersionConflict when `expected` is not the stream's current version and the events are not
   *    already stored there (or only some of them are).
   *  @throws Error when `events` is empty, a stream name or event type starts with `$`, or there are more
   *    than 1000 outbox messages. Client errors other than WrongExpectedVersionError pass through. */
  async append<E extends DomainEvent>(stream: string, events: readonly NewEvent<E>[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    if (stream.startsWith('$')) throw new Error(`stream names starting with $ are KurrentDB's: ${stream}`);
    const reserved = events.find((e) => e.type.startsWith('$'));
    if (reserved) throw new Error(`event types starting with $ are KurrentDB's: ${reserved.type}`);
    const outbox = options.outbox ?? [];
    if (BigInt(outbox.length) > OUTBOX_SLOTS) throw new Error(`at most ${OUTBOX_SLOTS} outbox messages per append, got ${outbox.length}`);

    for (let attempt = 1; ; attempt++) {
      // The chain needs the stream's last hash: one read before the append, and the append then expects
      // exactly the revision read (so a concurrent append cannot slip in between the two). With 'any' the
      // whole stream is read: the events may be stored already, further back than the tail.
      const tail = options.expected === 'any'
        ? await this.readRecords(stream, { direction: FORWARDS, fromRevision: START, requiresLeader: true })
        : (await this.readRecords(stream, { direction: BACKWARDS, fromRevision: END, maxCount: events.length, requiresLeader: true })).reverse();
      const head = tail.at(-1);
      const current = head ? versionOfRevision(head.revision) : 0n;
      const repeated = matchRepeated(tail, events);
      if (repeated.kind === 'all') return resultOf(repeated.last, undefined);
      if (options.expected !== 'any' && options.expected !== current) {
        return this.repeatedOrConflict(stream, events, options.expected, () => new VersionConflict(stream, options.expected === 'any' ? 'no-stream' : options.expected, current));
      }
      const data = this.chained(stream, events, options, current, head ? (linkOf(head)?.hash ?? GENESIS) : GENESIS);
      let result: KurrentAppendResult;
      try {
        result = await this.client.appendToStream(stream, data, { expectedRevision: toExpectedRevision(current) });
      } catch (error: unknown) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (options.expected === 'any' && attempt < 10) continue; // lost a race for the next version: chain on the new head
        return this.repeatedOrConflict(stream, events, options.expected, () => toVersionConflict(stream, options.expected, error));
      }
      if (!result.success) {
        // Only with throwOnAppendFailure=false: the same rejection as a value. Its nextExpectedRevision is
        // unreliable (6.2.1's batch append reports BigInt(true)), so the current version is read instead.
        if (options.expected === 'any' && attempt < 10) continue;
        const actual = await this.currentVersion(stream);
        return this.repeatedOrConflict(stream, events, options.expected, () => new VersionConflict(stream, options.expected === 'any' ? 'no-stream' : options.expected, actual));
      }
      return this.appended(stream, events, result);
    }
  }

  /** The events as KurrentDB stores them, each with its stream-chain hash in its metadata (and the
   *  outbox messages on the last). */
  private chained(stream: string, events: readonly NewEvent[], options: AppendOptions, current: bigint, headHash: string): EventData[] {
    const last = events.length - 1;
    const recordedAt = new Date();
    let previous = headHash;
    return events.map((e, i) => {
      const hash = chainHash(previous, current + BigInt(i + 1), recordedAt.getTime(), eventDigest({ id: e.id, stream, type: e.type, data: e.data, meta: options.meta }));
      previous = hash;
      return jsonEvent({ id: e.id, type: e.type, data: encodeJson(e.data) as JSONType, metadata: encodeMetadata(options.meta, i === last ? (options.outbox ?? []) : undefined, { hash, recordedAt }) });
    });
  }

  /** KurrentDB through @eventstore/db-client 6 appends to one stream at a time, so only a single-stream
   *  appendMany can be atomic here; several streams are refused rather than half written. (KurrentDB 25's
   *  multi-stream append needs its newer client.)
   *  @throws RuleViolated (EVENT_STORE.NOT_ATOMIC) for more than one stream. */
  async appendMany(appends: readonly StreamAppend[], options: Omit<AppendOptions, 'expected'>): Promise<{ checkpoint: Checkpoint }> {
    assertDistinctStreams(appends);
    if (appends.length > 1) {
      throw new RuleViolated('EVENT_STORE.NOT_ATOMIC', 'this change spans several aggregates, which the KurrentDB event store cannot write atomically; run this service on the PostgreSQL event store (EVENT_STORE=postgres)');
    }
    const [only] = appends;
    const result = await this.append(only!.stream, only!.events, { ...options, expected: only!.expected });
    return { checkpoint: result.checkpoint };
  }

  /** Up to `limit` domain events after `after` (null = from the start of `$all`), in `$all` order. Leaves
   *  out system streams and events (`$`-prefixed), link events and non-JSON events. KurrentDB's `$all`
   *  shows committed events only, in commit order, so the order is gap-free. Pages through `$all` until
   *  `limit` events are found or the end is reached. */
  async readAll(after: Checkpoint | null, limit: number): Promise<RecordedEvent[]> {
    const found: RecordedEvent[] = [];
    if (limit <= 0) return found;
    for await (const record of this.scanAll(after === null ? null : toPosition(after), false, pageSizeFor(limit))) {
      if (!isDomainRecord(record)) continue;
      found.push(toRecordedEvent(record));
      if (found.length >= limit) break;
    }
    return found;
  }

  /** Up to `limit` outbox messages after `after` (a readOutbox checkpoint; null = from the start), in `$all`
   *  order, then in the order they were given to `append`. Resuming from a message in the middle of an
   *  append reads that append's event again and returns the messages after it. Scans `$all` from `after`,
   *  so a relay pays for the events without messages it passes. */
  async readOutbox(after: Checkpoint | null, limit: number): Promise<OutboxEntry[]> {
    const found: OutboxEntry[] = [];
    if (limit <= 0) return found;
    for await (const record of this.scanAll(after === null ? null : outboxCursor(after).position, true, pageSizeFor(limit))) {
      for (const entry of outboxEntriesOf(record)) {
        if (after !== null && compareCheckpoints(entry.checkpoint, after) <= 0) continue;
        found.push(entry);
        if (found.length >= limit) return found;
      }
    }
    return found;
  }

  /** The service chain over `$all` is not kept on KurrentDB: its log has no update or delete of single
   *  events through the client, and seals would need a stream of their own that every reader skips. A
   *  check there verifies the stream chains; LogVerification reports every event as unsealed. */
  override get keepsServiceChain(): boolean {
    return false;
  }

  async sealHead(): Promise<SealHead | null> {
    return null;
  }

  async seal(): Promise<void> {}

  /** Disposes the client when this store opened it (or was given it to own). Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) await this.client.dispose();
  }

  /** The version and checkpoint of an acknowledged append, read back from the stream. */
  private async appended(stream: string, events: readonly NewEvent[], result: KurrentAppendResult): Promise<AppendResult> {
    const lastId = events[events.length - 1]!.id;
    const [last] = await this.readRecords(stream, { direction: FORWARDS, fromRevision: result.nextExpectedRevision, maxCount: 1, requiresLeader: true });
    if (last !== undefined && sameId(last.id, lastId)) return resultOf(last, result.position);
    // The reply pointed elsewhere (a deduplicated 'any' append on some server versions): find the events.
    const match = matchRepeated(await this.readRecords(stream, { direction: FORWARDS, fromRevision: START, requiresLeader: true }), events);
    if (match.kind === 'all') return resultOf(match.last, undefined);
    throw new Error(`KurrentDB acknowledged an append to ${stream} whose events it does not show (${match.kind} match)`);
  }

  /** After a rejected append: the original result when these events are stored where `expected` put them. */
  private async repeatedOrConflict(stream: string, events: readonly NewEvent[], expected: bigint | 'any', conflict: () => VersionConflict): Promise<AppendResult> {
    if (expected === 'any') throw conflict();
    const window = await this.readRecords(stream, { direction: FORWARDS, fromRevision: expected, maxCount: events.length, requiresLeader: true });
    const match = matchRepeated(window, events);
    if (match.kind === 'all') return resultOf(match.last, undefined);
    throw conflict();
  }

  private async currentVersion(stream: string): Promise<bigint> {
    const [last] = await this.readRecords(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return last ? versionOfRevision(last.revision) : 0n;
  }

  private async lastPosition(): Promise<Position | null> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
      const position = resolved.event?.position;
      if (position) return position;
    }
    return null;
  }

  /** A stream's records (a missing stream reads as none). */
  private async readRecords(stream: string, options: ReadStreamOptions): Promise<KurrentRecord[]> {
    const records: KurrentRecord[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, options)) {
        const record = resolved.event ?? resolved.link;
        if (record) records.push(record);
      }
    } catch (error: unknown) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return records;
  }

  /** `$all` from `from` (exclusive; inclusive for readOutbox), page by page, every record once. A forward
   *  read of `$all` from a position includes the record at that position: pages overlap by one record,
   *  which `seen` drops, and readOutbox relies on it to resume inside one append (the int-spec checks it). */
  private async *scanAll(from: Position | null, inclusive: boolean, pageSize: number): AsyncGenerator<KurrentRecord> {
    let cursor: Position | null = from;
    let seen: Position | null = null;
    for (;;) {
      let received = 0;
      const page: KurrentRecord[] = [];
      for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: cursor ?? START, maxCount: pageSize })) {
        received++;
        const record = resolved.event ?? resolved.link;
        if (record) page.push(record);
      }
      for (const record of page) {
        if (!isKnownPosition(record.position)) continue;
        if (seen !== null && comparePositions(record.position, seen) <= 0) continue;
        seen = record.position;
        if (from !== null && comparePositions(record.position, from) < (inclusive ? 0 : 1)) continue;
        yield record;
      }
      if (received < pageSize || seen === null) return;
      if (cursor !== null && comparePositions(seen, cursor) <= 0) return; // no progress: never loop
      cursor = seen;
    }
  }
}

const resultOf = (record: KurrentRecord, fallback: Position | undefined): AppendResult => ({
  version: versionOfRevision(record.revision),
  checkpoint: isKnownPosition(record.position) ? toCheckpoint(record.position) : isKnownPosition(fallback) ? toCheckpoint(fallback) : UNKNOWN_CHECKPOINT,
});

/** Pages a little larger than asked for: the first record may be the checkpoint's own, and system events
 *  are skipped in between. */
const pageSizeFor = (limit: number): number => Math.min(Math.max(limit + 1, 64), 4096);
