import { randomUUID } from 'node:crypto';
import {
  ANY, BACKWARDS, END, NO_STREAM, START, STREAM_EXISTS, StreamNotFoundError, UnavailableError, WrongExpectedVersionError,
  type AllStreamResolvedEvent, type AppendResult, type AppendToStreamOptions, type EventData, type Position, type ReadAllOptions,
  type ReadStreamOptions, type ResolvedEvent,
} from '@eventstore/db-client';
import type { KurrentClient } from '../kurrent-event-store.js';

/** What the fake stores per record: data and metadata as the JSON text the real client sends. */
export interface FakeRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: string;
  readonly metadata: string;
  readonly created: Date;
  readonly position: Position;
}

/** An in-memory stand-in for EventStoreDBClient with the server behaviour the adapter relies on, so the
 *  adapter's own logic (mapping, paging, filtering, idempotency, outbox) can be tested without a server:
 *  - appends check the expected revision and throw WrongExpectedVersionError; an append whose ids already
 *    sit where its expected revision puts them is acknowledged without writing, with a reply position
 *    that is NOT the event's (the real reply's position is not documented for that case);
 *  - reading a missing stream throws StreamNotFoundError while iterating;
 *  - forward reads of $all include the record at `fromPosition`;
 *  - events of one append share a commit position (a commit record after their prepares);
 *  - every append is followed by system records ($> links in `$ce-…`, `$statsCollected` in `$stats-…`).
 *  It is a model of KurrentDB, not KurrentDB: the int-spec checks the real server. */
export class FakeKurrentClient implements KurrentClient {
  readonly log: FakeRecord[] = [];
  private logPosition = 1000n;
  private disposed = false;
  /** When set, the next append is written and then fails as if the reply had been lost. */
  loseNextReply = false;
  /** When set, an acknowledged duplicate reports the stream's current revision, not the duplicate's. */
  reportCurrentRevisionOnDuplicate = false;
  /** When false, a duplicate append is rejected like any other stale one (WrongExpectedVersionError). */
  deduplicates = true;
  appendCalls = 0;

  constructor() {
    this.write('$$$stats-127.0.0.1:2113', [{ type: '$metadata', isJson: true, data: '{"$maxAge":86400}', metadata: '' }]);
  }

  async appendToStream(streamName: string, events: EventData[], options: AppendToStreamOptions = {}): Promise<AppendResult> {
    this.assertOpen();
    this.appendCalls++;
    await Promise.resolve(); // let concurrent callers interleave before the atomic part
    const expected = options.expectedRevision ?? ANY;
    const stream = this.stream(streamName);
    const current = stream.at(-1)?.revision;

    const firstRevision = expected === NO_STREAM ? 0n : typeof expected === 'bigint' ? expected + 1n : null;
    const repeatAt = firstRevision ?? (expected === ANY ? stream.find((r) => r.id === events[0]?.id)?.revision ?? null : null);
    if (this.deduplicates && repeatAt !== null && events.length > 0 && events.every((e, i) => stream[Number(repeatAt) + i]?.id === e.id)) {
      const revision = this.reportCurrentRevisionOnDuplicate ? current! : repeatAt + BigInt(events.length - 1);
      return { success: true, nextExpectedRevision: revision, position: { commit: this.logPosition, prepare: this.logPosition } };
    }
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === undefined) ||
      (expected === STREAM_EXISTS && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current ?? NO_STREAM });

    const written = this.write(
      streamName,
      events.map((e) => ({
        type: e.type,
        id: e.id,
        isJson: e.contentType === 'application/json',
        data: JSON.stringify(e.data),
        metadata: e.metadata === undefined ? '' : JSON.stringify(e.metadata),
      })),
    );
    const last = written.at(-1)!;
    const category = streamName.split('-')[0]!;
    this.write(`$ce-${category}`, written.map(() => ({ type: '$>', isJson: false, data: `${last.revision}@${streamName}`, metadata: '' })));
    this.write(`$stats-127.0.0.1:2113`, [{ type: '$statsCollected', isJson: true, data: '{"proc-cpu":1}', metadata: '' }]);
    if (this.loseNextReply) {
      this.loseNextReply = false;
      throw new UnavailableError(undefined, 'reply lost');
    }
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): AsyncIterable<ResolvedEvent> {
    this.assertOpen();
    const stream = this.stream(streamName);
    const { fromRevision = START, maxCount = Number.MAX_SAFE_INTEGER, direction } = options;
    const resolve = (r: FakeRecord): ResolvedEvent => ({ event: toRecorded(r), commitPosition: r.position.commit }) as unknown as ResolvedEvent;
    return (async function* () {
      await Promise.resolve();
      if (stream.length === 0) throw new StreamNotFoundError(undefined, streamName);
      const ordered = direction === BACKWARDS ? [...stream].reverse() : stream;
      const from = fromRevision === START || fromRevision === END ? null : fromRevision;
      const selected = ordered.filter((r) => from === null || (direction === BACKWARDS ? r.revision <= from : r.revision >= from));
      for (const r of selected.slice(0, Number(maxCount))) yield resolve(r);
    })();
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<AllStreamResolvedEvent> {
    this.assertOpen();
    const { fromPosition = START, maxCount = Number.MAX_SAFE_INTEGER, direction } = options;
    const log = [...this.log];
    return (async function* () {
      await Promise.resolve();
      const ordered = direction === BACKWARDS ? log.reverse() : log;
      const from = fromPosition === START || fromPosition === END ? null : fromPosition;
      const selected = ordered.filter((r) => from === null || (direction === BACKWARDS ? before(r.position, from) : !before(r.position, from)));
      for (const r of selected.slice(0, Number(maxCount))) {
        yield { event: toRecorded(r), commitPosition: r.position.commit } as unknown as AllStreamResolvedEvent;
      }
    })();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Records of one stream, in revision order. */
  stream(streamName: string): FakeRecord[] {
    return this.log.filter((r) => r.streamId === streamName);
  }

  private write(streamName: string, events: readonly { type: string; id?: string; isJson: boolean; data: string; metadata: string }[]): FakeRecord[] {
    const start = (this.stream(streamName).at(-1)?.revision ?? -1n) + 1n;
    const prepares = events.map((e) => {
      const prepare = this.logPosition;
      this.logPosition += 100n + BigInt(e.data.length + e.metadata.length);
      return prepare;
    });
    const commit = this.logPosition; // the commit record follows the prepares
    this.logPosition += 50n;
    const created = new Date();
    const records = events.map<FakeRecord>((e, i) => ({
      streamId: streamName, id: e.id ?? randomUUID(), revision: start + BigInt(i), type: e.type, isJson: e.isJson,
      data: e.data, metadata: e.metadata, created, position: { commit, prepare: prepares[i]! },
    }));
    this.log.push(...records);
    return records;
  }

  private assertOpen(): void {
    if (this.disposed) throw new Error('client disposed');
  }
}

const before = (a: Position, b: Position): boolean => a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare);

/** As the client hands records out: JSON data and metadata parsed, binary data as bytes. */
const toRecorded = (r: FakeRecord): object => ({
  streamId: r.streamId, id: r.id, revision: r.revision, type: r.type, isJson: r.isJson, created: r.created, position: r.position,
  data: r.isJson ? JSON.parse(r.data) : new TextEncoder().encode(r.data),
  metadata: r.metadata === '' ? undefined : JSON.parse(r.metadata),
});
