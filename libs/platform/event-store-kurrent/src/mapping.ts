import { ANY, NO_STREAM, type AppendExpectedRevision, type CurrentRevision, type Position, type WrongExpectedVersionError } from '@eventstore/db-client';
import { VersionConflict, type ActorRef } from '@b2b/kernel';
import type { Envelope } from '@b2b/contracts';
import type { Checkpoint, EventMetadata, OutboxEntry, RecordedEvent } from '@b2b/event-store';

/** The fields of a KurrentDB recorded event the adapter uses (the client's RecordedEvent has them all). */
export interface KurrentRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: Position | undefined;
}

/** The event metadata this adapter writes: our EventMetadata, KurrentDB's own correlation keys (used by
 *  the `$by_correlation_id` projection and shown in the UI), and, on the last event of an append only,
 *  the outbox messages of that append. */
export type StoredMetadata = {
  readonly $correlationId: string;
  readonly $causationId?: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: ActorRef | null;
  readonly companyId: string | null;
  readonly outbox?: readonly unknown[];
  /** The event's stream-chain hash and the time it covers (integrity.ts). */
  readonly hash?: string;
  readonly recordedAt?: string;
};

/** Outbox messages per append: readOutbox checkpoints are `preparePosition * OUTBOX_SLOTS + index`. */
export const OUTBOX_SLOTS = 1000n;

/** What KurrentDB reports where it has no $all position (stream reads on servers before 22.6, events of
 *  explicit TCP transactions): ulong max. */
const NO_POSITION = 18446744073709551615n;

// --- versions ---------------------------------------------------------------------------------------

/** Our versions count events (1-based, 0n = no stream); KurrentDB revisions number them (0-based). */
export const toExpectedRevision = (expected: bigint | 'any'): AppendExpectedRevision => {
  if (expected === 'any') return ANY;
  if (expected < 0n) throw new RangeError(`expected version must be 0n or more, or 'any'; got ${expected}`);
  return expected === 0n ? NO_STREAM : expected - 1n;
};

/** The 1-based version of the event at this 0-based revision. */
export const versionOfRevision = (revision: bigint): bigint => revision + 1n;

/** The stream version KurrentDB reports as "current revision" (no_stream → 0n). */
export const versionOfCurrent = (current: CurrentRevision): bigint => (current === NO_STREAM ? 0n : current + 1n);

/** Our VersionConflict for the client's WrongExpectedVersionError (the vendor error stops here). */
export const toVersionConflict = (stream: string, expected: bigint | 'any', error: WrongExpectedVersionError): VersionConflict =>
  new VersionConflict(stream, expected === 'any' ? 'no-stream' : expected, versionOfCurrent(error.actualVersion));

// --- positions and checkpoints ----------------------------------------------------------------------

export const isKnownPosition = (p: Position | undefined): p is Position =>
  p !== undefined && p.commit >= 0n && p.prepare >= 0n && p.commit !== NO_POSITION && p.prepare !== NO_POSITION;

/** Checkpoint of an event in readAll: its $all position, commit first (the order KurrentDB reads $all in). */
export const toCheckpoint = (p: Position): Checkpoint => ({ commit: p.commit, position: p.prepare });
export const toPosition = (c: Checkpoint): Position => ({ commit: c.commit, prepare: c.position });

export const comparePositions = (a: Position, b: Position): number =>
  a.commit === b.commit ? (a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1) : a.commit < b.commit ? -1 : 1;

/** Checkpoint of the `index`-th outbox message of the append whose last event is at `p`. The prepare
 *  position is scaled by OUTBOX_SLOTS so the messages of one append sort after each other, and before
 *  any message of a later append (prepare positions of different records differ by far more than 1). */
export const outboxCheckpoint = (p: Position, index: number): Checkpoint => {
  if (!Number.isInteger(index) || index < 0 || BigInt(index) >= OUTBOX_SLOTS) throw new RangeError(`outbox index out of range: ${index}`);
  return { commit: p.commit, position: p.prepare * OUTBOX_SLOTS + BigInt(index) };
};

/** The $all position of the event that carries the message at this readOutbox checkpoint, and its index. */
export const outboxCursor = (c: Checkpoint): { position: Position; index: bigint } => ({
  position: { commit: c.commit, prepare: c.position / OUTBOX_SLOTS },
  index: c.position % OUTBOX_SLOTS,
});

// --- JSON -------------------------------------------------------------------------------------------

const BIGINT_TAG = '$bigint';

/** Event data and metadata as JSON the client can stringify: a bigint becomes `{ "$bigint": "123" }`
 *  (JSON.stringify throws on bigint). Returns the input itself when it holds no bigint. */
export const encodeJson = (value: unknown): unknown => {
  if (typeof value === 'bigint') return { [BIGINT_TAG]: value.toString() };
  if (value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  if (Array.isArray(value)) {
    const items = value.map(encodeJson);
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  let changed = false;
  const entries = Object.entries(value).map(([k, v]) => {
    const encoded = encodeJson(v);
    if (encoded !== v) changed = true;
    return [k, encoded] as const;
  });
  return changed ? Object.fromEntries(entries) : value;
};

const isBigIntTag = (value: object): value is { $bigint: string } => {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === BIGINT_TAG && typeof (value as Record<string, unknown>)[BIGINT_TAG] === 'string' &&
    /^-?\d+$/.test((value as Record<string, string>)[BIGINT_TAG]!);
};

/** The inverse of encodeJson on parsed JSON. */
export const decodeJson = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeJson);
  if (isBigIntTag(value)) return BigInt(value.$bigint);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeJson(v)]));
};

// --- metadata and outbox ----------------------------------------------------------------------------

/** The event's link in its stream's hash chain, and the time it covers (KurrentDB's own `created` is set
 *  by the server after the hash was computed). */
export interface ChainLink {
  readonly hash: string;
  readonly recordedAt: Date;
}

export const encodeMetadata = (meta: EventMetadata, outbox?: readonly Envelope[], link?: ChainLink): StoredMetadata => ({
  $correlationId: meta.correlationId,
  ...(meta.causationId === null ? {} : { $causationId: meta.causationId }),
  correlationId: meta.correlationId,
  causationId: meta.causationId,
  actor: meta.actor,
  companyId: meta.companyId,
  ...(outbox === undefined || outbox.length === 0 ? {} : { outbox: outbox.map((m) => encodeJson(m)) }),
  ...(link ? { hash: link.hash, recordedAt: link.recordedAt.toISOString() } : {}),
});

/** The chain link stored with an event (none on events written by other tools). */
export const linkOf = (r: Pick<KurrentRecord, 'metadata' | 'created'>): ChainLink | null => {
  const m = asRecord(r.metadata);
  const hash = stringOrNull(m['hash']);
  const at = stringOrNull(m['recordedAt']);
  return hash !== null && at !== null ? { hash, recordedAt: new Date(at) } : null;
};

const asRecord = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array) ? (value as Record<string, unknown>) : {};
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Our EventMetadata from stored metadata (exactly its four fields). Events written by other tools get
 *  KurrentDB's `$correlationId`/`$causationId` where ours are missing, and nulls. */
export const decodeMetadata = (raw: unknown): EventMetadata => {
  const m = asRecord(raw);
  const actor = asRecord(m['actor']);
  return {
    correlationId: stringOrNull(m['correlationId']) ?? stringOrNull(m['$correlationId']) ?? '',
    causationId: 'causationId' in m ? stringOrNull(m['causationId']) : stringOrNull(m['$causationId']),
    actor: typeof actor['userId'] === 'string' ? (actor as unknown as ActorRef) : null,
    companyId: stringOrNull(m['companyId']),
  };
};

/** A domain event written through an EventStore: not in a system stream, not a system or link event
 *  (`$`-prefixed types: `$>`, `$metadata`, `$streamDeleted`, stats ...), JSON. */
export const isDomainRecord = (r: KurrentRecord): boolean => !r.streamId.startsWith('$') && !r.type.startsWith('$') && r.isJson;

/** Stands in for the $all position on stream reads from servers that do not report it (before 22.6). */
export const UNKNOWN_CHECKPOINT: Checkpoint = { commit: -1n, position: -1n };

export const toRecordedEvent = (r: KurrentRecord): RecordedEvent => {
  const link = linkOf(r);
  return {
    id: r.id,
    type: r.type,
    data: decodeJson(r.data) as object,
    stream: r.streamId,
    version: versionOfRevision(r.revision),
    checkpoint: isKnownPosition(r.position) ? toCheckpoint(r.position) : UNKNOWN_CHECKPOINT,
    recordedAt: link?.recordedAt ?? r.created,
    meta: decodeMetadata(r.metadata),
    hash: link?.hash ?? '',
    seal: null,
  };
};

/** The outbox messages an event carries, each with its readOutbox checkpoint. */
export const outboxEntriesOf = (r: KurrentRecord): OutboxEntry[] => {
  const messages = asRecord(r.metadata)['outbox'];
  if (!Array.isArray(messages) || messages.length === 0 || !isDomainRecord(r) || !isKnownPosition(r.position)) return [];
  const position = r.position;
  return messages.map((message, i) => ({ checkpoint: outboxCheckpoint(position, i), message: decodeJson(message) as Envelope }));
};

/** Where a repeated append's events are: `none` of them is stored, only some are (in another order or
 *  with others between), or all are, in order, ending at `last`. Ids compare case-insensitively. */
export const matchRepeated = <R extends Pick<KurrentRecord, 'id'>>(
  records: readonly R[],
  events: readonly { readonly id: string }[],
): { kind: 'none' } | { kind: 'partial' } | { kind: 'all'; last: R } => {
  const first = events[0];
  if (first === undefined) return { kind: 'none' };
  const start = records.findIndex((r) => sameId(r.id, first.id));
  if (start < 0) return { kind: 'none' };
  if (!events.every((e, i) => records[start + i] !== undefined && sameId(records[start + i]!.id, e.id))) return { kind: 'partial' };
  return { kind: 'all', last: records[start + events.length - 1]! };
};

export const sameId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

// --- connection strings -----------------------------------------------------------------------------

/** The 6.x client knows `esdb://` and `esdb+discover://`; KurrentDB documents `kurrentdb://` (and
 *  `kdb://`) for the same settings. */
export const normalizeConnectionString = (connectionString: string): string =>
  connectionString.replace(/^(kurrentdb|kurrent|kdb)(\+discover)?:\/\//i, (_, _scheme: string, discover: string | undefined) => `esdb${discover ?? ''}://`);

/** The connection string without a password, for error messages. */
export const redactConnectionString = (connectionString: string): string => connectionString.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** `work`, or a rejection with `message` once `ms` have passed (the timer never outlives the race). */
export const withTimeout = async <T>(work: Promise<T>, ms: number, message: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};
