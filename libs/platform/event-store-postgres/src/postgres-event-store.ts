import pg from 'pg';
import { VersionConflict, type DomainEvent } from '@b2b/kernel';
import type { Envelope } from '@b2b/contracts';
import { EventStore, retryTransient, assertDistinctStreams, type AppendOptions, type StreamAppend, type AppendResult, type Checkpoint, type NewEvent, type OutboxEntry, type RecordedEvent, type SealHead, GENESIS, compareCheckpoints, eventDigest, sealHash } from '@b2b/event-store';
import { assertIdentifier, schemaSql } from './schema.js';
import { chainUnhashedEvents } from './chain-migration.js';
import { guardPoolClients } from './pool-guard.js';
import { GENESIS_SQL, LINK, UNIQUE_VIOLATION, eventColumns, isUniqueViolation, toRecorded, type EventRow } from './rows.js';

export interface PostgresEventStoreOptions {
  /** An existing pool (shared with the service's other PostgreSQL work), or a connection string. */
  readonly pool?: pg.Pool;
  readonly connectionString?: string;
  readonly schema?: string;
  readonly poolSize?: number;
  /** Prepare the append statement once per connection (default true: ~25 % more appends per second).
   *  Must be false on PGlite: its socket server multiplexes all connections onto one session, where
   *  the second connection's PREPARE of the same name fails. */
  readonly preparedStatements?: boolean;
  /** Only read: creates no tables and chains no unhashed events (a verifier must not repair what it checks). */
  readonly readOnly?: boolean;
}

const START: Checkpoint = { commit: 0n, position: 0n };

/** EventStore on PostgreSQL (13+) through `pg`; also serves PGlite through @electric-sql/pglite-socket.
 *  One append is one SQL statement (events and outbox rows in one implicit transaction, one round trip).
 *  Optimistic concurrency rests on the unique (stream_id, stream_version) constraint. */
export class PostgresEventStore extends EventStore {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly ownsPool: boolean,
    private readonly prepared: boolean,
  ) {
    super();
  }

  /** Connects and creates the schema and tables when missing. */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = assertIdentifier(options.schema ?? 'public');
    const ownsPool = options.pool === undefined;
    const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    // An idle client whose connection the server ended is dropped by the pool; without a listener pg
    // would raise it as an unhandled error. The next query connects anew.
    if (ownsPool) guardPoolClients(pool).on('error', () => undefined);
    const store = new PostgresEventStore(pool, schema, ownsPool, options.preparedStatements ?? true);
    if (options.readOnly) return store;
    try {
      await pool.query(schemaSql(schema));
    } catch (error: unknown) {
      if (!(error instanceof Error && 'code' in error && error.code === UNIQUE_VIOLATION)) throw error;
      await pool.query(schemaSql(schema)); // two processes created the schema at once: the second run finds it
    }
    await chainUnhashedEvents(pool, schema);
    return store;
  }

  get connectionPool(): pg.Pool {
    return this.pool;
  }

  /** Every statement, run again after a transient failure (retryTransient). Safe for appends too: they
   *  carry fixed event ids and an expected version, so when a first try committed before its connection
   *  broke, the second finds the version moved or the ids taken and repeatedAppend/-Many answer as it would. */
  private readonly db = {
    query: ((...args: unknown[]) => retryTransient(() => (this.pool.query as (...a: unknown[]) => Promise<unknown>).apply(this.pool, args))) as pg.Pool['query'],
  };

  async read<E extends DomainEvent>(stream: string, options?: { toVersion?: bigint }): Promise<{ events: RecordedEvent<E>[]; version: bigint }> {
    const { rows } = await this.db.query<EventRow & { current: string }>(
      `select (select coalesce(max(stream_version), 0) from ${this.schema}.es_events where stream_id = $1) as current, ${eventColumns(this.schema)}
        where e.stream_id = $1 and ($2::bigint is null or e.stream_version <= $2)
        order by e.stream_version`,
      [stream, options?.toVersion?.toString() ?? null],
    );
    const version = rows[0] ? BigInt(rows[0].current) : await this.currentVersion(stream);
    return { events: rows.map((r) => toRecorded<E>(r)), version };
  }

  async append<E extends DomainEvent>(stream: string, events: readonly NewEvent<E>[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.insert(stream, events, options);
        if (result) return result;
        const repeated = await this.repeatedAppend(stream, events);
        if (repeated) return repeated;
        throw new VersionConflict(stream, options.expected === 'any' ? 'no-stream' : options.expected, await this.currentVersion(stream));
      } catch (error: unknown) {
        if (!isUniqueViolation(error)) throw error;
        const repeated = await this.repeatedAppend(stream, events);
        if (repeated) return repeated;
        // 'any' lost a race for the next version number: take the next one.
        if (options.expected === 'any' && attempt < 10) continue;
        throw new VersionConflict(stream, options.expected === 'any' ? 'no-stream' : options.expected, await this.currentVersion(stream));
      }
    }
  }

  /** One statement for every stream: reads each stream's version, and inserts all the events and the
   *  outbox rows only when every expected version holds. A concurrent append to one of the streams
   *  makes the statement fail on the (stream_id, stream_version) constraint: nothing is written. */
  async appendMany(appends: readonly StreamAppend[], options: Omit<AppendOptions, 'expected'>): Promise<{ checkpoint: Checkpoint }> {
    assertDistinctStreams(appends);
    const rows = appends.flatMap((a) => a.events.map((e, i) => ({ stream: a.stream, expected: a.expected === 'any' ? null : a.expected.toString(), e, seq: i + 1 })));
    try {
      const { rows: result } = await this.db.query<{ moved: string | null; moved_version: string | null; transaction_id: string | null; global_position: string | null }>(
        `with recursive input as (
           select * from unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::jsonb[], $6::int[], $9::text[]) with ordinality
             as i(stream_id, expected, id, type, data, seq, digest, ord)
         ), stamp as (
           select date_trunc('milliseconds', now()) as at
         ), current as (
           select s.stream_id, s.expected,
                  (select coalesce(max(stream_version), 0) from ${this.schema}.es_events e where e.stream_id = s.stream_id) as version
             from (select distinct stream_id, expected from input) s
         ), moved as (
           select stream_id, version from current where expected is not null and version <> expected limit 1
         ), chain as (
           select cur.stream_id, 0::bigint as seq, cur.version,
                  coalesce((select hash from ${this.schema}.es_events e where e.stream_id = cur.stream_id and e.stream_version = cur.version), ${GENESIS_SQL}) as hash
             from current cur
           union all
           select c.stream_id, c.seq + 1, c.version + 1, ${LINK}
             from chain c join input i on i.stream_id = c.stream_id and i.seq = c.seq + 1 cross join stamp
         ), inserted as (
           insert into ${this.schema}.es_events (stream_id, stream_version, event_id, event_type, data, metadata, recorded_at, hash)
           select i.stream_id, c.version, i.id, i.type, i.data, $7::jsonb, stamp.at, c.hash
             from input i join chain c on c.stream_id = i.stream_id and c.seq = i.seq cross join stamp
            where not exists (select 1 from moved)
            order by i.ord
           returning transaction_id, global_position
         ), outbox as (
           insert into ${this.schema}.es_outbox (message)
           select m.message from unnest($8::jsonb[]) with ordinality as m(message, ord)
            where exists (select 1 from inserted)
            order by m.ord
         )
         select (select stream_id from moved) as moved, (select version from moved)::text as moved_version,
                (select max(transaction_id::text) from inserted) as transaction_id, (select max(global_position) from inserted)::text as global_position`,
        [
          rows.map((r) => r.stream), rows.map((r) => r.expected), rows.map((r) => r.e.id), rows.map((r) => r.e.type),
          rows.map((r) => JSON.stringify(r.e.data)), rows.map((r) => r.seq), JSON.stringify(options.meta), (options.outbox ?? []).map((m) => JSON.stringify(m)),
          rows.map((r) => eventDigest({ id: r.e.id, stream: r.stream, type: r.e.type, data: r.e.data, meta: options.meta })),
        ],
      );
      const row = result[0]!;
      if (row.transaction_id !== null && row.global_position !== null) return { checkpoint: { commit: BigInt(row.transaction_id), position: BigInt(row.global_position) } };
      const repeated = await this.repeatedMany(appends);
      if (repeated) return repeated;
      const stale = appends.find((a) => a.stream === row.moved)!;
      throw new VersionConflict(stale.stream, stale.expected === 'any' ? 'no-stream' : stale.expected, BigInt(row.moved_version ?? 0));
    } catch (error: unknown) {
      if (!isUniqueViolation(error)) throw error;
      const repeated = await this.repeatedMany(appends);
      if (repeated) return repeated;
      const first = appends[0]!;
      throw new VersionConflict(first.stream, first.expected === 'any' ? 'no-stream' : first.expected, await this.currentVersion(first.stream));
    }
  }

  async readAll(after: Checkpoint | null, limit: number): Promise<RecordedEvent[]> {
    const from = after ?? START;
    const { rows } = await this.db.query<EventRow>(
      `select ${eventColumns(this.schema)}
        where (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
          and e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        order by e.transaction_id, e.global_position
        limit $3`,
      [from.commit.toString(), from.position.toString(), limit],
    );
    return rows.map((r) => toRecorded(r));
  }

  async readOutbox(after: Checkpoint | null, limit: number): Promise<OutboxEntry[]> {
    const from = after ?? START;
    const { rows } = await this.db.query<{ seq: string; transaction_id: string; message: Envelope }>(
      `select seq, transaction_id, message from ${this.schema}.es_outbox
        where (transaction_id, seq) > ($1::xid8, $2::bigint)
          and transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        order by transaction_id, seq
        limit $3`,
      [from.commit.toString(), from.position.toString(), limit],
    );
    return rows.map((r) => ({ checkpoint: { commit: BigInt(r.transaction_id), position: BigInt(r.seq) }, message: r.message }));
  }

  async sealHead(): Promise<SealHead | null> {
    const { rows } = await this.db.query<{ transaction_id: string; global_position: string; hash: string }>(
      `select transaction_id::text, global_position, encode(hash, 'hex') as hash from ${this.schema}.es_seals
        order by transaction_id desc, global_position desc limit 1`,
    );
    const head = rows[0];
    return head ? { checkpoint: { commit: BigInt(head.transaction_id), position: BigInt(head.global_position) }, hash: head.hash } : null;
  }

  /** Computes the seals in JavaScript from the head on, and inserts them in one statement. Sealers
   *  racing compute the same seals (the chain is a function of the log), so a conflict writes nothing. */
  async seal(events: readonly RecordedEvent[]): Promise<void> {
    const head = await this.sealHead();
    const fresh = head ? events.filter((e) => compareCheckpoints(e.checkpoint, head.checkpoint) > 0) : events;
    if (fresh.length === 0) return;
    let previous = head?.hash ?? GENESIS;
    const seals = fresh.map((e) => {
      const seal = { position: e.checkpoint.position.toString(), commit: e.checkpoint.commit.toString(), previous, hash: sealHash(previous, e.hash) };
      previous = seal.hash;
      return seal;
    });
    await this.db.query(
      `insert into ${this.schema}.es_seals (global_position, transaction_id, previous, hash)
       select s.position, s.commit::xid8, decode(s.previous, 'hex'), decode(s.hash, 'hex')
         from unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) as s(position, commit, previous, hash)
       on conflict do nothing`,
      [seals.map((s) => s.position), seals.map((s) => s.commit), seals.map((s) => s.previous), seals.map((s) => s.hash)],
    );
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  /** One statement: checks the expected version, inserts the events and the outbox rows. Returns null
   *  when the expected version did not match (nothing written). */
  private async insert(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult | null> {
    // A named (prepared) statement is planned once per connection, which matters for a CTE this size.
    const { rows } = await this.db.query<{ stream_version: string; transaction_id: string; global_position: string }>({
      ...(this.prepared ? { name: `es_append_${this.schema}` } : {}),
      text: `with recursive current as (
         select coalesce(max(stream_version), 0) as version from ${this.schema}.es_events where stream_id = $1
       ), input as (
         select * from unnest($2::uuid[], $3::text[], $4::jsonb[], $8::text[]) with ordinality as i(id, type, data, digest, ord)
       ), stamp as (
         select date_trunc('milliseconds', now()) as at
       ), chain as (
         select 0::bigint as ord, cur.version,
                coalesce((select hash from ${this.schema}.es_events where stream_id = $1 and stream_version = cur.version), ${GENESIS_SQL}) as hash
           from current cur
         union all
         select c.ord + 1, c.version + 1, ${LINK}
           from chain c join input i on i.ord = c.ord + 1 cross join stamp
       ), inserted as (
         insert into ${this.schema}.es_events (stream_id, stream_version, event_id, event_type, data, metadata, recorded_at, hash)
         select $1, c.version, i.id, i.type, i.data, $5::jsonb, stamp.at, c.hash
           from input i join chain c on c.ord = i.ord cross join stamp cross join current
          where $6::bigint is null or current.version = $6::bigint
          order by i.ord
         returning stream_version, transaction_id, global_position
       ), outbox as (
         insert into ${this.schema}.es_outbox (message)
         select m.message from unnest($7::jsonb[]) with ordinality as m(message, ord)
          where exists (select 1 from inserted)
          order by m.ord
       )
       select stream_version, transaction_id::text, global_position from inserted order by stream_version desc limit 1`,
      values: [
        stream,
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data)),
        JSON.stringify(options.meta),
        options.expected === 'any' ? null : options.expected.toString(),
        (options.outbox ?? []).map((m) => JSON.stringify(m)),
        events.map((e) => eventDigest({ id: e.id, stream, type: e.type, data: e.data, meta: options.meta })),
      ],
    });
    const last = rows[0];
    if (!last) return null;
    return { version: BigInt(last.stream_version), checkpoint: { commit: BigInt(last.transaction_id), position: BigInt(last.global_position) } };
  }

  /** When these event ids are already stored, in this stream and in this order, the append is a repeat. */
  private async repeatedAppend(stream: string, events: readonly NewEvent[]): Promise<AppendResult | null> {
    const { rows } = await this.db.query<{ event_id: string; stream_id: string; stream_version: string; transaction_id: string; global_position: string }>(
      `select event_id, stream_id, stream_version, transaction_id::text, global_position from ${this.schema}.es_events
        where event_id = any($1::uuid[]) order by stream_version`,
      [events.map((e) => e.id)],
    );
    if (rows.length === 0) return null;
    const same = rows.length === events.length && rows.every((r, i) => r.stream_id === stream && r.event_id === events[i]!.id.toLowerCase());
    if (!same) return null;
    const last = rows[rows.length - 1]!;
    return { version: BigInt(last.stream_version), checkpoint: { commit: BigInt(last.transaction_id), position: BigInt(last.global_position) } };
  }

  /** When every event of an appendMany is already stored in its stream, the call is a repeat. */
  private async repeatedMany(appends: readonly StreamAppend[]): Promise<{ checkpoint: Checkpoint } | null> {
    const streamOf = new Map(appends.flatMap((a) => a.events.map((e) => [e.id.toLowerCase(), a.stream] as const)));
    const { rows } = await this.db.query<{ event_id: string; stream_id: string; transaction_id: string; global_position: string }>(
      `select event_id, stream_id, transaction_id::text, global_position from ${this.schema}.es_events
        where event_id = any($1::uuid[]) order by transaction_id, global_position`,
      [[...streamOf.keys()]],
    );
    if (rows.length !== streamOf.size || !rows.every((r) => streamOf.get(r.event_id) === r.stream_id)) return null;
    const last = rows[rows.length - 1]!;
    return { checkpoint: { commit: BigInt(last.transaction_id), position: BigInt(last.global_position) } };
  }

  private async currentVersion(stream: string): Promise<bigint> {
    const { rows } = await this.db.query<{ version: string }>(
      `select coalesce(max(stream_version), 0) as version from ${this.schema}.es_events where stream_id = $1`,
      [stream],
    );
    return BigInt(rows[0]?.version ?? 0);
  }
}
