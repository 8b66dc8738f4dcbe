import type { DomainEvent } from '@b2b/kernel';
import type { EventMetadata, RecordedEvent } from '@b2b/event-store';

/** An es_events row as the adapter selects it. */
export interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_version: string;
  event_id: string;
  event_type: string;
  data: object;
  metadata: EventMetadata;
  recorded_at: Date;
  hash: string | null;
  seal_previous: string | null;
  seal_hash: string | null;
}

/** The columns of an event as read, with its seal (null until the sealer reached it). */
export const eventColumns = (schema: string): string =>
  `e.global_position, e.transaction_id, e.stream_id, e.stream_version, e.event_id, e.event_type, e.data, e.metadata, e.recorded_at,
   encode(e.hash, 'hex') as hash, encode(s.previous, 'hex') as seal_previous, encode(s.hash, 'hex') as seal_hash
   from ${schema}.es_events e left join ${schema}.es_seals s on s.global_position = e.global_position`;

/** The stream-chain step of integrity.ts in SQL: sha256(previous ‖ version ‖ epoch ms ‖ digest). */
export const LINK = `sha256(c.hash || int8send(c.version + 1) || int8send((extract(epoch from stamp.at) * 1000)::bigint) || decode(i.digest, 'hex'))`;
export const GENESIS_SQL = `decode(repeat('0', 64), 'hex')`;

export const toRecorded = <E extends DomainEvent>(row: EventRow): RecordedEvent<E> => (({
  id: row.event_id,
  type: row.event_type as E['type'],
  data: row.data as E['data'],
  stream: row.stream_id,
  version: BigInt(row.stream_version),
  checkpoint: { commit: BigInt(row.transaction_id), position: BigInt(row.global_position) },
  recordedAt: row.recorded_at,
  meta: row.metadata,
  hash: row.hash ?? '',
  seal: row.seal_hash !== null && row.seal_previous !== null ? { previous: row.seal_previous, hash: row.seal_hash } : null,
}) as unknown as RecordedEvent<E>);

export const UNIQUE_VIOLATION = '23505';

export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && (error as { code?: string }).code === UNIQUE_VIOLATION;
