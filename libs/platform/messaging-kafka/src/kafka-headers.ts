import { Invalid, type ActorRef } from '@b2b/kernel';
import type { Envelope } from '@b2b/contracts';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

/** Header names of the envelope fields (STYLE §4): the key and the payload travel as key and value. */
export const HEADERS = {
  eventId: 'event-id',
  type: 'event-type',
  version: 'event-version',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  companyId: 'company-id',
  actor: 'actor',
  occurredAt: 'occurred-at',
} as const;

/** The Kafka record of an envelope: key = envelope key, value = JSON payload, the rest as headers
 *  (`causation-id` and `actor` are left out when null). */
export const toKafkaMessage = (envelope: Envelope): Message => {
  const headers: Record<string, string> = {
    [HEADERS.eventId]: envelope.eventId,
    [HEADERS.type]: envelope.type,
    [HEADERS.version]: String(envelope.version),
    [HEADERS.correlationId]: envelope.correlationId,
    [HEADERS.companyId]: envelope.companyId,
    [HEADERS.occurredAt]: envelope.occurredAt,
  };
  if (envelope.causationId !== null) headers[HEADERS.causationId] = envelope.causationId;
  if (envelope.actor !== null) headers[HEADERS.actor] = JSON.stringify(envelope.actor);
  return { key: envelope.key, value: JSON.stringify(envelope.payload), headers };
};

const malformed = (why: string): Invalid => new Invalid('MESSAGING.MALFORMED_MESSAGE', why);

const header = (headers: IHeaders | undefined, name: string): string | undefined => {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return value === undefined ? undefined : value.toString();
};

const required = (headers: IHeaders | undefined, name: string): string => {
  const value = header(headers, name);
  if (value === undefined || value === '') throw malformed(`header ${name} is missing`);
  return value;
};

const parseJson = (text: string, what: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw malformed(`${what} is not JSON`);
  }
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const parseActor = (text: string | undefined): ActorRef | null => {
  if (text === undefined) return null;
  const actor = parseJson(text, `header ${HEADERS.actor}`);
  if (!isObject(actor) || typeof actor['userId'] !== 'string' || typeof actor['companyId'] !== 'string' || typeof actor['role'] !== 'string') {
    throw malformed(`header ${HEADERS.actor} is not an actor`);
  }
  return actor as unknown as ActorRef;
};

/** Rebuilds the envelope of a consumed record. Throws Invalid (MESSAGING.MALFORMED_MESSAGE) when a
 *  required header, the key or a JSON object value is missing: a record no producer of ours wrote.
 *  The payload is not checked against its contract here (decodeEnvelope does that). */
export const fromKafkaMessage = (topic: string, message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): Envelope => {
  const { headers } = message;
  const version = Number(required(headers, HEADERS.version));
  if (!Number.isInteger(version)) throw malformed(`header ${HEADERS.version} is not an integer`);
  if (message.key === null || message.key.length === 0) throw malformed('the record has no key');
  if (message.value === null) throw malformed('the record has no value');
  const payload = parseJson(message.value.toString(), 'the value');
  if (!isObject(payload)) throw malformed('the value is not a JSON object');
  return {
    eventId: required(headers, HEADERS.eventId),
    type: required(headers, HEADERS.type),
    version,
    topic,
    key: message.key.toString(),
    companyId: required(headers, HEADERS.companyId),
    correlationId: required(headers, HEADERS.correlationId),
    causationId: header(headers, HEADERS.causationId) ?? null,
    actor: parseActor(header(headers, HEADERS.actor)),
    occurredAt: required(headers, HEADERS.occurredAt),
    payload,
  };
};
