import { describe, it, expect } from '@jest/globals';
import { Invalid } from '@b2b/kernel';
import type { Envelope } from '@b2b/contracts';
import { fromKafkaMessage, toKafkaMessage } from './kafka-headers.js';

const envelope: Envelope = {
  eventId: '11111111-1111-4111-8111-111111111111', type: 'test.ThingHappened', version: 2, topic: 'test.things',
  key: 'order-1', companyId: '44444444-4444-4444-8444-444444444444', correlationId: '22222222-2222-4222-8222-222222222222',
  causationId: '33333333-3333-4333-8333-333333333333',
  actor: { userId: '55555555-5555-4555-8555-555555555555', companyId: '44444444-4444-4444-8444-444444444444', role: 'sales' },
  occurredAt: '2026-01-01T00:00:00.000Z', payload: { seq: 1, nested: { a: [1, 2] } },
};

/** What a consumer gets back: every header value as a Buffer. */
const received = (e: Envelope) => {
  const message = toKafkaMessage(e);
  const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))]));
  return { key: Buffer.from(String(message.key)), value: Buffer.from(String(message.value)), headers };
};

describe('Kafka record mapping', () => {
  it('round-trips every envelope field', () => {
    expect(fromKafkaMessage('test.things', received(envelope))).toEqual(envelope);
  });

  it('leaves out causation-id and actor when they are null, and reads them back as null', () => {
    const bare = { ...envelope, causationId: null, actor: null };
    const record = received(bare);
    expect(Object.keys(record.headers).sort()).toEqual(['company-id', 'correlation-id', 'event-id', 'event-type', 'event-version', 'occurred-at']);
    expect(fromKafkaMessage('test.things', record)).toEqual(bare);
  });

  it.each([
    ['a missing header', (r: ReturnType<typeof received>) => ({ ...r, headers: { ...r.headers, 'event-id': undefined } }), 'event-id'],
    ['a non-integer version', (r: ReturnType<typeof received>) => ({ ...r, headers: { ...r.headers, 'event-version': Buffer.from('x') } }), 'event-version'],
    ['no key', (r: ReturnType<typeof received>) => ({ ...r, key: null }), 'no key'],
    ['a value that is not JSON', (r: ReturnType<typeof received>) => ({ ...r, value: Buffer.from('{') }), 'not JSON'],
    ['a value that is not an object', (r: ReturnType<typeof received>) => ({ ...r, value: Buffer.from('[1]') }), 'not a JSON object'],
    ['an actor that is not one', (r: ReturnType<typeof received>) => ({ ...r, headers: { ...r.headers, actor: Buffer.from('{"userId":1}') } }), 'actor'],
  ])('refuses a record with %s as Invalid', (_what, spoil, mentions) => {
    const record = spoil(received(envelope));
    expect(() => fromKafkaMessage('test.things', record)).toThrow(Invalid);
    expect(() => fromKafkaMessage('test.things', record)).toThrow(mentions);
  });
});
