import { createHash } from 'node:crypto';
import type { Checkpoint, RecordedEvent } from './event-store.js';

/** Tamper evidence for stored events: two hash chains.
 *
 *  - Stream chain: every event's `hash` = sha256(previous event's hash in its stream (GENESIS for the
 *    first) ‖ version as 8 bytes ‖ recordedAt in epoch milliseconds as 8 bytes ‖ digest), where the
 *    digest = sha256(canonical JSON of { id, stream, type, data, meta }). Changing an event's data,
 *    actor, type, time or position changes its hash, and the next event no longer links to it.
 *  - Service chain (the "seal"): over the store's global order, seal = sha256(previous seal ‖ event
 *    hash). It notices what a stream chain cannot: a whole stream removed, or a stream's last events.
 *
 *  Adapters store both; the functions here recompute them from the events as read back, so a check does
 *  not trust the adapter's arithmetic, only its bytes. */
export const GENESIS = '0'.repeat(64);

export interface Seal {
  /** The seal of the event before this one in the service's global order (GENESIS for the first). */
  readonly previous: string;
  readonly hash: string;
}

/** The place and value of the newest seal: where a sealer goes on from. */
export interface SealHead {
  readonly checkpoint: Checkpoint;
  readonly hash: string;
}

const sha256 = (...parts: Buffer[]): string => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

const int8 = (value: bigint): Buffer => {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE(value);
  return buffer;
};

/** JSON with object keys in code-point order and nothing JSON cannot carry (undefined dropped, dates as
 *  ISO strings, bigints as `{"$bigint": "…"}`): the same text for a value before it is stored and after
 *  it is read back. */
export const canonicalJson = (value: unknown): string =>
  canonical(JSON.parse(JSON.stringify(value ?? null, (_key, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v))) as unknown);

const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
};

/** What an event says, hashed: computed before the append by the adapter, and again by every check. */
export const eventDigest = (event: { readonly id: string; readonly stream: string; readonly type: string; readonly data: unknown; readonly meta: unknown }): string =>
  sha256(Buffer.from(canonicalJson({ id: event.id.toLowerCase(), stream: event.stream, type: event.type, data: event.data, meta: event.meta }), 'utf8'));

/** An event's link in its stream's chain. */
export const chainHash = (previous: string, version: bigint, recordedAtMs: number, digest: string): string =>
  sha256(Buffer.from(previous, 'hex'), int8(version), int8(BigInt(recordedAtMs)), Buffer.from(digest, 'hex'));

/** An event's link in its service's chain. */
export const sealHash = (previous: string, eventHash: string): string => sha256(Buffer.from(previous, 'hex'), Buffer.from(eventHash, 'hex'));

export type IntegrityProblem =
  /** The stored hash is not what the event's content and its predecessor give: the event (or the one before) was altered. */
  | 'hash-mismatch'
  /** A stream skips a version or starts late: an event was removed. */
  | 'version-gap'
  /** The stored seal is not sha256(previous seal ‖ event hash). */
  | 'seal-mismatch'
  /** The seal does not continue the service chain: events were removed or reordered in the global log. */
  | 'seal-chain-broken'
  /** A sealed event follows an unsealed one: seals were removed. */
  | 'seal-missing';

/** The first link that does not hold. */
export interface BrokenLink {
  readonly problem: IntegrityProblem;
  readonly stream: string;
  readonly version: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly recordedAt: string;
  readonly expected: string;
  readonly found: string;
}

export interface StreamVerification {
  readonly stream: string;
  readonly events: number;
  /** The hash of the last event: whoever keeps it can later tell the stream was not cut short. */
  readonly head: string | null;
  readonly ok: boolean;
  readonly firstBroken: BrokenLink | null;
}

const broken = (event: RecordedEvent, problem: IntegrityProblem, expected: string, found: string): BrokenLink => ({
  problem, stream: event.stream, version: event.version.toString(), eventId: event.id, eventType: event.type,
  recordedAt: event.recordedAt.toISOString(), expected, found,
});

/** The stream-chain check of one event, given the version and hash of the event before it in its
 *  stream (0 and GENESIS for the first): the next version, and the hash its content and that hash give. */
const linkBroken = (event: RecordedEvent, before: { readonly version: bigint; readonly hash: string }): BrokenLink | null => {
  if (event.version !== before.version + 1n) return broken(event, 'version-gap', `version ${before.version + 1n}`, `version ${event.version}`);
  const expected = chainHash(before.hash, event.version, event.recordedAt.getTime(), eventDigest(event));
  return event.hash === expected ? null : broken(event, 'hash-mismatch', expected, event.hash);
};

/** Recomputes a stream's chain from its first event; reports the first event whose stored hash does
 *  not follow from its content and the stored hash before it. Also checks each event's seal on its own
 *  (seal = sha256(previous ‖ hash)); that the seals form one chain is `LogVerifier`'s job. */
export const verifyStream = (stream: string, events: readonly RecordedEvent[]): StreamVerification => {
  let before = { version: 0n, hash: GENESIS };
  for (const event of events) {
    const link = linkBroken(event, before);
    if (link) return { stream, events: events.length, head: null, ok: false, firstBroken: link };
    if (event.seal) {
      const seal = sealHash(event.seal.previous, event.hash);
      if (event.seal.hash !== seal) return { stream, events: events.length, head: null, ok: false, firstBroken: broken(event, 'seal-mismatch', seal, event.seal.hash) };
    }
    before = { version: event.version, hash: event.hash };
  }
  return { stream, events: events.length, head: events.length > 0 ? before.hash : null, ok: true, firstBroken: null };
};

export interface LogVerification {
  readonly events: number;
  readonly streams: number;
  readonly sealed: number;
  /** Events after the seal head, not sealed yet (the sealer runs shortly after each commit). */
  readonly unsealed: number;
  /** The service chain's newest seal: keep it somewhere else to notice later that the log was cut short. */
  readonly head: string | null;
  readonly ok: boolean;
  readonly firstBroken: BrokenLink | null;
}

/** Checks a whole store fed in global order (`EventStore.readAll` page by page): every stream's chain,
 *  and the service chain of seals. Keeps one hash per stream in memory. Stops at the first broken link. */
export class LogVerifier {
  private readonly streams = new Map<string, { version: bigint; hash: string }>();
  private seal = GENESIS;
  private events = 0;
  private sealed = 0;
  private unsealed = 0;
  private firstBroken: BrokenLink | null = null;

  /** Feeds the next events; returns false once a broken link was found (no need to read on). */
  add(events: readonly RecordedEvent[]): boolean {
    for (const event of events) {
      if (this.firstBroken) return false;
      this.events++;
      this.firstBroken = linkBroken(event, this.streams.get(event.stream) ?? { version: 0n, hash: GENESIS });
      if (this.firstBroken) return false;
      this.streams.set(event.stream, { version: event.version, hash: event.hash });
      if (!event.seal) {
        this.unsealed++;
        continue;
      }
      if (this.unsealed > 0) {
        this.firstBroken = broken(event, 'seal-missing', 'no seal after an unsealed event', event.seal.hash);
        return false;
      }
      if (event.seal.previous !== this.seal) {
        this.firstBroken = broken(event, 'seal-chain-broken', this.seal, event.seal.previous);
        return false;
      }
      const seal = sealHash(this.seal, event.hash);
      if (event.seal.hash !== seal) {
        this.firstBroken = broken(event, 'seal-mismatch', seal, event.seal.hash);
        return false;
      }
      this.seal = seal;
      this.sealed++;
    }
    return true;
  }

  result(): LogVerification {
    return {
      events: this.events, streams: this.streams.size, sealed: this.sealed, unsealed: this.unsealed,
      head: this.sealed > 0 ? this.seal : null, ok: this.firstBroken === null, firstBroken: this.firstBroken,
    };
  }
}

/** Reads a whole store in global order and verifies it; `onProgress` gets the number of events read. */
export const verifyLog = async (
  store: { readAll(after: Checkpoint | null, limit: number): Promise<RecordedEvent[]> },
  options: { readonly batchSize?: number; readonly onProgress?: (events: number) => void } = {},
): Promise<LogVerification> => {
  const verifier = new LogVerifier();
  const batchSize = options.batchSize ?? 2000;
  let after: Checkpoint | null = null;
  let read = 0;
  for (;;) {
    const batch = await store.readAll(after, batchSize);
    if (batch.length === 0) break;
    read += batch.length;
    options.onProgress?.(read);
    if (!verifier.add(batch)) break;
    after = batch[batch.length - 1]!.checkpoint;
    if (batch.length < batchSize) break;
  }
  return verifier.result();
};

/** Seals everything committed so far (the service's sealer does this continuously; tests and the
 *  verify command call it to catch up). Returns how many events it sealed. */
export const sealPending = async (
  store: { sealHead(): Promise<SealHead | null>; seal(events: readonly RecordedEvent[]): Promise<void>; readAll(after: Checkpoint | null, limit: number): Promise<RecordedEvent[]> },
  batchSize = 1000,
): Promise<number> => {
  let after = (await store.sealHead())?.checkpoint ?? null;
  let sealed = 0;
  for (;;) {
    const batch = await store.readAll(after, batchSize);
    if (batch.length === 0) return sealed;
    await store.seal(batch);
    sealed += batch.length;
    after = batch[batch.length - 1]!.checkpoint;
    if (batch.length < batchSize) return sealed;
  }
};
