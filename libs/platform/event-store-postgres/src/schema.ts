/** Identifiers are interpolated into SQL, so only plain lower-case names are accepted. */
export const assertIdentifier = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`"${name}" is not a valid schema name`);
  return name;
};

/** The event store's tables. `transaction_id` (the inserting transaction's xid8) plus the identity
 *  column give readers a gap-free order: a reader only reads rows of transactions older than the
 *  oldest transaction still running (pg_snapshot_xmin), ordered by (transaction_id, position), so a
 *  transaction that commits late is read before anything that came after it.
 *
 *  Tamper evidence (@b2b/event-store integrity.ts): `hash` chains each event to the one before in its
 *  stream, computed in the appending statement itself; `es_seals` chains every event in the global order,
 *  written shortly after the commit by the service's sealer. `recorded_at` is kept to the millisecond so
 *  that a check in JavaScript recomputes exactly what was hashed. */
export const schemaSql = (schema: string): string => {
  const s = assertIdentifier(schema);
  return `
create schema if not exists ${s};
create table if not exists ${s}.es_events (
  global_position bigint generated always as identity primary key,
  transaction_id xid8 not null default pg_current_xact_id(),
  stream_id text not null,
  stream_version bigint not null check (stream_version > 0),
  event_id uuid not null,
  event_type text not null,
  data jsonb not null,
  metadata jsonb not null,
  recorded_at timestamptz not null default now(),
  constraint es_events_stream_version_key unique (stream_id, stream_version),
  constraint es_events_event_id_key unique (event_id)
);
create index if not exists es_events_global_order on ${s}.es_events (transaction_id, global_position);
alter table ${s}.es_events add column if not exists hash bytea;
create table if not exists ${s}.es_seals (
  global_position bigint primary key,
  transaction_id xid8 not null,
  previous bytea not null,
  hash bytea not null,
  sealed_at timestamptz not null default now()
);
create unique index if not exists es_seals_global_order on ${s}.es_seals (transaction_id, global_position);
create table if not exists ${s}.es_outbox (
  seq bigint generated always as identity primary key,
  transaction_id xid8 not null default pg_current_xact_id(),
  message jsonb not null
);
create index if not exists es_outbox_global_order on ${s}.es_outbox (transaction_id, seq);
create table if not exists ${s}.es_checkpoints (
  reader text primary key,
  commit_id text not null,
  position bigint not null,
  updated_at timestamptz not null default now()
);`;
};
