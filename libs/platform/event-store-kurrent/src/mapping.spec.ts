import { describe, it, expect } from '@jest/globals';
import { ANY, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import { VersionConflict } from '@b2b/kernel';
import type { Envelope } from '@b2b/contracts';
import { compareCheckpoints, type EventMetadata } from '@b2b/event-store';
import {
  UNKNOWN_CHECKPOINT, decodeJson, decodeMetadata, encodeJson, encodeMetadata, isDomainRecord, isKnownPosition, matchRepeated,
  normalizeConnectionString, outboxCheckpoint, outboxCursor, outboxEntriesOf, redactConnectionString, toCheckpoint, toExpectedRevision,
  toPosition, toRecordedEvent, toVersionConflict, versionOfCurrent, versionOfRevision, withTimeout, type KurrentRecord,
} from './mapping.js';

const meta: EventMetadata = {
  correlationId: '11111111-1111-4111-8111-111111111111',
  causationId: '44444444-4444-4444-8444-444444444444',
  actor: { userId: '22222222-2222-4222-8222-222222222222', companyId: '33333333-3333-4333-8333-333333333333', role: 'sales' },
  companyId: '33333333-3333-4333-8333-333333333333',
};

const envelope = (key: string): Envelope => ({
  eventId: `e-${key}`, type: 'test.Happened', version: 1, topic: 'test.things', key, companyId: meta.companyId!,
  correlationId: meta.correlationId, causationId: null, actor: meta.actor, occurredAt: '2026-01-01T00:00:00.000Z', payload: { key },
});

/** A record as the client hands it out: JSON parsed, as after a round trip through the server. */
const record = (over: Partial<KurrentRecord> = {}): KurrentRecord => ({
  streamId: 'order-1', id: 'aaaaaaaa-0000-4000-8000-000000000001', revision: 0n, type: 'Placed', created: new Date(0), isJson: true,
  data: {}, metadata: JSON.parse(JSON.stringify(encodeMetadata(meta))), position: { commit: 500n, prepare: 400n }, ...over,
});

describe('versions and revisions', () => {
  it('maps expected versions (1-based, 0n = no stream) to expected revisions (0-based)', () => {
    expect(toExpectedRevision(0n)).toBe(NO_STREAM);
    expect(toExpectedRevision(1n)).toBe(0n);
    expect(toExpectedRevision(42n)).toBe(41n);
    expect(toExpectedRevision('any')).toBe(ANY);
    expect(() => toExpectedRevision(-1n)).toThrow(RangeError);
  });

  it('maps revisions and current revisions back to versions', () => {
    expect(versionOfRevision(0n)).toBe(1n);
    expect(versionOfRevision(9n)).toBe(10n);
    expect(versionOfCurrent(NO_STREAM)).toBe(0n);
    expect(versionOfCurrent(4n)).toBe(5n);
  });

  it('turns WrongExpectedVersionError into VersionConflict with our versions', () => {
    const stale = new WrongExpectedVersionError(undefined, { streamName: 'order-1', expected: NO_STREAM, current: 0n });
    const conflict = toVersionConflict('order-1', 0n, stale);
    expect(conflict).toBeInstanceOf(VersionConflict);
    expect([conflict.stream, conflict.expected, conflict.actual, conflict.code, conflict.kind]).toEqual(['order-1', 0n, 1n, 'STREAM.VERSION_CONFLICT', 'conflict']);

    const ahead = new WrongExpectedVersionError(undefined, { streamName: 'order-1', expected: 4n, current: NO_STREAM });
    expect([toVersionConflict('order-1', 5n, ahead).expected, toVersionConflict('order-1', 5n, ahead).actual]).toEqual([5n, 0n]);
  });
});

describe('checkpoints', () => {
  it('uses the $all position, commit first, and maps it back', () => {
    const c = toCheckpoint({ commit: 900n, prepare: 850n });
    expect(c).toEqual({ commit: 900n, position: 850n });
    expect(toPosition(c)).toEqual({ commit: 900n, prepare: 850n });
    expect(compareCheckpoints(toCheckpoint({ commit: 900n, prepare: 850n }), toCheckpoint({ commit: 900n, prepare: 870n }))).toBeLessThan(0);
    expect(compareCheckpoints(toCheckpoint({ commit: 900n, prepare: 870n }), toCheckpoint({ commit: 1000n, prepare: 950n }))).toBeLessThan(0);
  });

  it('recognises the positions KurrentDB reports as unknown', () => {
    expect(isKnownPosition({ commit: 0n, prepare: 0n })).toBe(true);
    expect(isKnownPosition(undefined)).toBe(false);
    expect(isKnownPosition({ commit: 18446744073709551615n, prepare: 18446744073709551615n })).toBe(false);
    expect(isKnownPosition({ commit: -1n, prepare: -1n })).toBe(false);
  });

  it('gives every outbox message of an append its own ordered, resumable checkpoint', () => {
    const p = { commit: 12_345_678_901n, prepare: 12_345_678_000n };
    const checkpoints = [0, 1, 2, 999].map((i) => outboxCheckpoint(p, i));
    expect(checkpoints[0]).toEqual({ commit: p.commit, position: 12_345_678_000_000n });
    expect(checkpoints[3]).toEqual({ commit: p.commit, position: 12_345_678_000_999n });
    for (let i = 1; i < checkpoints.length; i++) expect(compareCheckpoints(checkpoints[i - 1]!, checkpoints[i]!)).toBeLessThan(0);
    checkpoints.forEach((c, i) => expect(outboxCursor(c)).toEqual({ position: p, index: BigInt([0, 1, 2, 999][i]!) }));
    expect(() => outboxCheckpoint(p, 1000)).toThrow(RangeError);
    expect(() => outboxCheckpoint(p, -1)).toThrow(RangeError);
  });

  it('orders outbox checkpoints by append first: the last message of one append before the first of the next', () => {
    // Events of one append share the commit position; the next append commits later.
    const sameCommitLater = outboxCheckpoint({ commit: 500n, prepare: 401n }, 0);
    const next = outboxCheckpoint({ commit: 700n, prepare: 600n }, 0);
    const last = outboxCheckpoint({ commit: 500n, prepare: 400n }, 999);
    expect(compareCheckpoints(last, sameCommitLater)).toBeLessThan(0);
    expect(compareCheckpoints(last, next)).toBeLessThan(0);
    // Bigints, no overflow at positions far past 2^63 / 1000.
    const big = outboxCheckpoint({ commit: 2n ** 62n, prepare: 2n ** 62n }, 7);
    expect(outboxCursor(big)).toEqual({ position: { commit: 2n ** 62n, prepare: 2n ** 62n }, index: 7n });
  });
});

describe('JSON', () => {
  it('stores bigints as tagged strings the client can stringify, and reads them back as bigints', () => {
    const data = { amount: 12345678901234567890n, nested: [{ n: -5n }, 'x', null, 1.5], at: '2026-01-01', flag: true };
    const encoded = encodeJson(data);
    const text = JSON.stringify(encoded);
    expect(text).toBe('{"amount":{"$bigint":"12345678901234567890"},"nested":[{"n":{"$bigint":"-5"}},"x",null,1.5],"at":"2026-01-01","flag":true}');
    expect(decodeJson(JSON.parse(text))).toEqual(data);
  });

  it('leaves bigint-free values as they are (no copy) and other objects alone', () => {
    const data = { a: 1, b: [1, 2, { c: 'd' }] };
    expect(encodeJson(data)).toBe(data);
    expect(decodeJson({ $bigint: 'abc' })).toEqual({ $bigint: 'abc' });
    expect(decodeJson({ $bigint: '1', other: 2 })).toEqual({ $bigint: '1', other: 2 });
  });
});

describe('metadata', () => {
  it("stores our metadata with KurrentDB's correlation keys, and the outbox only when given", () => {
    expect(encodeMetadata(meta)).toEqual({ $correlationId: meta.correlationId, $causationId: meta.causationId, ...meta });
    const first = encodeMetadata({ ...meta, causationId: null });
    expect(first).not.toHaveProperty('$causationId');
    expect(first).not.toHaveProperty('outbox');
    expect(encodeMetadata(meta, [])).not.toHaveProperty('outbox');
    expect(encodeMetadata(meta, [envelope('k')]).outbox).toEqual([envelope('k')]);
  });

  it('reads back exactly our four fields', () => {
    const stored = JSON.parse(JSON.stringify(encodeMetadata(meta, [envelope('k')])));
    expect(decodeMetadata(stored)).toEqual(meta);
    expect(decodeMetadata(JSON.parse(JSON.stringify(encodeMetadata({ ...meta, actor: null, companyId: null, causationId: null }))))).toEqual({
      ...meta, actor: null, companyId: null, causationId: null,
    });
  });

  it("falls back to KurrentDB's keys and nulls for events written by other tools", () => {
    expect(decodeMetadata({ $correlationId: 'c', $causationId: 'k' })).toEqual({ correlationId: 'c', causationId: 'k', actor: null, companyId: null });
    expect(decodeMetadata(undefined)).toEqual({ correlationId: '', causationId: null, actor: null, companyId: null });
    expect(decodeMetadata(new Uint8Array([1, 2]))).toEqual({ correlationId: '', causationId: null, actor: null, companyId: null });
  });
});

describe('records', () => {
  it('keeps domain events and drops system streams, system and link events, and binary events', () => {
    expect(isDomainRecord(record())).toBe(true);
    expect(isDomainRecord(record({ streamId: '$ce-order' }))).toBe(false);
    expect(isDomainRecord(record({ streamId: '$$order-1', type: '$metadata' }))).toBe(false);
    expect(isDomainRecord(record({ type: '$>' }))).toBe(false);
    expect(isDomainRecord(record({ isJson: false, data: new Uint8Array() }))).toBe(false);
  });

  it('maps a record to a RecordedEvent with version, checkpoint and metadata', () => {
    const r = record({ revision: 4n, data: { total: { $bigint: '10' } } });
    expect(toRecordedEvent(r)).toEqual({
      id: r.id, type: 'Placed', data: { total: 10n }, stream: 'order-1', version: 5n,
      checkpoint: { commit: 500n, position: 400n }, recordedAt: new Date(0), meta, hash: '', seal: null,
    });
    expect(toRecordedEvent(record({ position: undefined })).checkpoint).toEqual(UNKNOWN_CHECKPOINT);
  });

  it('extracts outbox entries in order, with checkpoints from the carrying event', () => {
    const messages = [envelope('a'), envelope('b'), envelope('c')];
    const r = record({ metadata: JSON.parse(JSON.stringify(encodeMetadata(meta, messages))) });
    const entries = outboxEntriesOf(r);
    expect(entries.map((e) => e.message)).toEqual(messages);
    expect(entries.map((e) => e.checkpoint)).toEqual([0n, 1n, 2n].map((i) => ({ commit: 500n, position: 400_000n + i })));
    expect(outboxEntriesOf(record())).toEqual([]);
    expect(outboxEntriesOf(record({ streamId: '$system', metadata: r.metadata }))).toEqual([]);
  });

  it('finds a repeated append: all ids in order, some of them, or none', () => {
    const rs = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, revision: BigInt(i) }));
    expect(matchRepeated(rs, [{ id: 'B' }, { id: 'c' }])).toEqual({ kind: 'all', last: rs[2] });
    expect(matchRepeated(rs, [{ id: 'c' }, { id: 'b' }])).toEqual({ kind: 'partial' });
    expect(matchRepeated(rs, [{ id: 'd' }, { id: 'e' }])).toEqual({ kind: 'partial' });
    expect(matchRepeated(rs, [{ id: 'x' }])).toEqual({ kind: 'none' });
    expect(matchRepeated([], [{ id: 'a' }])).toEqual({ kind: 'none' });
  });
});

describe('connection strings', () => {
  it('accepts the kurrentdb:// spellings the 6.x client does not know', () => {
    expect(normalizeConnectionString('kurrentdb://localhost:2113?tls=false')).toBe('esdb://localhost:2113?tls=false');
    expect(normalizeConnectionString('kurrentdb+discover://a:2113,b:2113')).toBe('esdb+discover://a:2113,b:2113');
    expect(normalizeConnectionString('kdb://localhost:2113')).toBe('esdb://localhost:2113');
    expect(normalizeConnectionString('esdb://admin:changeit@localhost:2113')).toBe('esdb://admin:changeit@localhost:2113');
  });

  it('hides the password in messages', () => {
    expect(redactConnectionString('esdb://admin:changeit@localhost:2113?tls=false')).toBe('esdb://admin:***@localhost:2113?tls=false');
    expect(redactConnectionString('esdb://localhost:2113')).toBe('esdb://localhost:2113');
  });
});

describe('withTimeout', () => {
  it('passes the result through, or gives up after the time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1_000, 'late')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('refused')), 1_000, 'late')).rejects.toThrow('refused');
    const started = Date.now();
    await expect(withTimeout(new Promise(() => {}), 50, 'no answer within 50 ms')).rejects.toThrow('no answer within 50 ms');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
