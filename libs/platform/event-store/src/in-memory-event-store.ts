import { VersionConflict, type DomainEvent } from '@b2b/kernel';
import {
  EventStore, assertDistinctStreams, type AppendOptions, type StreamAppend, type AppendResult, type Checkpoint, type NewEvent, type OutboxEntry, type RecordedEvent,
  compareCheckpoints,
} from './event-store.js';
import { GENESIS, chainHash, eventDigest, sealHash, type SealHead } from './integrity.js';

/** For unit tests and the fastest embedded run: everything in one process's memory. */
export class InMemoryEventStore extends EventStore {
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly log: RecordedEvent[] = [];
  private readonly outbox: OutboxEntry[] = [];
  private commit = 0n;
  private sealHash = GENESIS;

  async read<E extends DomainEvent>(stream: string, options?: { toVersion?: bigint }): Promise<{ events: RecordedEvent<E>[]; version: bigint }> {
    const all = (this.streams.get(stream) ?? []) as RecordedEvent<E>[];
    const events = options?.toVersion === undefined ? [...all] : all.filter((e) => e.version <= options.toVersion!);
    return { events, version: BigInt(all.length) };
  }

  async append<E extends DomainEvent>(stream: string, events: readonly NewEvent<E>[], options: AppendOptions): Promise<AppendResult> {
    const existing = this.streams.get(stream) ?? [];
    const repeated = this.repeatedAppend(existing, events);
    if (repeated) return repeated;
    const current = BigInt(existing.length);
    if (options.expected !== 'any' && options.expected !== current) throw new VersionConflict(stream, options.expected, current);
    const commit = ++this.commit;
    const recordedAt = new Date();
    const recorded = this.chain(existing, stream, events, recordedAt, options.meta, (i) => ({ commit, position: BigInt(i) }));
    this.streams.set(stream, [...existing, ...recorded]);
    this.log.push(...recorded);
    (options.outbox ?? []).forEach((message, i) => this.outbox.push({ checkpoint: { commit, position: BigInt(i) }, message }));
    return { version: current + BigInt(events.length), checkpoint: recorded.at(-1)?.checkpoint ?? { commit, position: 0n } };
  }

  async appendMany(appends: readonly StreamAppend[], options: Omit<AppendOptions, 'expected'>): Promise<{ checkpoint: Checkpoint }> {
    assertDistinctStreams(appends);
    const repeats = appends.map((a) => this.repeatedAppend(this.streams.get(a.stream) ?? [], a.events));
    if (repeats.every((r) => r !== null) && repeats.length > 0) return { checkpoint: repeats.at(-1)!.checkpoint };
    for (const a of appends) {
      const current = BigInt(this.streams.get(a.stream)?.length ?? 0);
      if (a.expected !== 'any' && a.expected !== current) throw new VersionConflict(a.stream, a.expected, current);
    }
    const commit = ++this.commit;
    const recordedAt = new Date();
    let position = 0n;
    for (const a of appends) {
      const existing = this.streams.get(a.stream) ?? [];
      const recorded = this.chain(existing, a.stream, a.events, recordedAt, options.meta, () => ({ commit, position: position++ }));
      this.streams.set(a.stream, [...existing, ...recorded]);
      this.log.push(...recorded);
    }
    (options.outbox ?? []).forEach((message, i) => this.outbox.push({ checkpoint: { commit, position: BigInt(i) }, message }));
    return { checkpoint: { commit, position: position > 0n ? position - 1n : 0n } };
  }

  async readAll(after: Checkpoint | null, limit: number): Promise<RecordedEvent[]> {
    return this.log.filter((e) => after === null || compareCheckpoints(e.checkpoint, after) > 0).slice(0, limit);
  }

  async readOutbox(after: Checkpoint | null, limit: number): Promise<OutboxEntry[]> {
    return this.outbox.filter((o) => after === null || compareCheckpoints(o.checkpoint, after) > 0).slice(0, limit);
  }

  /** Appends are serial here, so every event is sealed as it is appended. */
  async sealHead(): Promise<SealHead | null> {
    const last = this.log.at(-1);
    return last ? { checkpoint: last.checkpoint, hash: this.sealHash } : null;
  }

  async seal(): Promise<void> {}

  async close(): Promise<void> {}

  /** The recorded events of an append, each hash-chained to the one before in its stream and sealed. */
  private chain(existing: readonly RecordedEvent[], stream: string, events: readonly NewEvent[], recordedAt: Date, meta: AppendOptions['meta'], checkpoint: (i: number) => Checkpoint): RecordedEvent[] {
    let previous = existing.at(-1)?.hash ?? GENESIS;
    return events.map<RecordedEvent>((e, i) => {
      const version = BigInt(existing.length + i + 1);
      const hash = chainHash(previous, version, recordedAt.getTime(), eventDigest({ id: e.id, stream, type: e.type, data: e.data, meta }));
      const seal = { previous: this.sealHash, hash: sealHash(this.sealHash, hash) };
      previous = hash;
      this.sealHash = seal.hash;
      return { id: e.id, type: e.type, data: e.data, stream, version, checkpoint: checkpoint(i), recordedAt, meta, hash, seal };
    });
  }

  private repeatedAppend(existing: readonly RecordedEvent[], events: readonly NewEvent[]): AppendResult | null {
    const first = events[0];
    if (first === undefined) return null;
    const start = existing.findIndex((e) => e.id === first.id);
    if (start < 0) return null;
    const same = events.every((e, i) => existing[start + i]?.id === e.id);
    if (!same) throw new VersionConflict(existing[0]?.stream ?? '?', BigInt(start), BigInt(existing.length));
    const last = existing[start + events.length - 1]!;
    return { version: last.version, checkpoint: last.checkpoint };
  }
}
