type Query = (sql: string, params?: unknown[]) => Promise<unknown[]>;

/** What a service holds after a journey: its event store (streams, versions, types, data, metadata),
 *  its outbox and every other table (read models, inbox), normalised where values are legitimately
 *  generated: ids the service made up (not in any delivered event) become `<id:n>` in the order they
 *  first appear in the event log, and times the database stamped (wall clock, where the journey runs on a
 *  fixed clock far from it) become `<db-time>`, salted password hashes `<password-hash>`. Positions, transaction ids, hashes and seals are left out. */
export interface ServiceState {
  readonly events: unknown[];
  readonly outbox: unknown[];
  readonly tables: Record<string, unknown[]>;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** A salted password hash (bcrypt): different on every run by design. */
const BCRYPT = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;
/** Tables that hold positions and bookkeeping, not state (checkpoints are compared where they matter). */
const LEFT_OUT = new Set(['es_events', 'es_outbox', 'es_seals', 'es_checkpoints', 'projection_checkpoints', 'idem_fault']);
/** Columns the database stamps with its own clock. */
const STAMPS = new Set(['handled_at']);

export const uuidsIn = (value: unknown): string[] => JSON.stringify(value).match(UUID) ?? [];

class Normaliser {
  private readonly generated = new Map<string, string>();

  constructor(
    private readonly known: ReadonlySet<string>,
    private readonly wallClock: { readonly from: number; readonly to: number },
  ) {}

  value(v: unknown): unknown {
    if (v instanceof Date) return this.time(v.getTime()) ?? v.toISOString();
    if (typeof v === 'string' && BCRYPT.test(v)) return '<password-hash>';
    if (typeof v === 'string') return (ISO.test(v) ? this.time(Date.parse(v)) : null) ?? v.replace(UUID, (id) => this.id(id.toLowerCase()));
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, STAMPS.has(k) ? '<db-time>' : this.value(x)]));
    return v;
  }

  private id(id: string): string {
    if (this.known.has(id)) return id;
    let name = this.generated.get(id);
    if (!name) this.generated.set(id, (name = `<id:${this.generated.size + 1}>`));
    return name;
  }

  private time(ms: number): string | null {
    return ms >= this.wallClock.from && ms <= this.wallClock.to ? '<db-time>' : null;
  }
}

export const captureState = async (query: Query, known: ReadonlySet<string>, wallClock: { from: number; to: number }): Promise<ServiceState> => {
  const normaliser = new Normaliser(known, wallClock);
  const events = await query(`select stream_id, stream_version::text as version, event_id, event_type, data, metadata from es_events order by global_position`);
  const outbox = await query(`select message from es_outbox order by seq`);
  const normalisedEvents = events.map((e) => normaliser.value(e));
  const normalisedOutbox = outbox.map((o) => normaliser.value(o));
  const names = (await query(
    `select c.relname as name from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = 'public' and c.relkind = 'r' order by c.relname`,
  )) as { name: string }[];
  const tables: Record<string, unknown[]> = {};
  for (const { name } of names) {
    if (LEFT_OUT.has(name)) continue;
    const rows = await query(`select * from "${name}"`);
    tables[name] = rows.map((r) => normaliser.value(r)).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
  }
  return { events: normalisedEvents, outbox: normalisedOutbox, tables };
};

/** Rows of the tables given, as they are (for the projection checks, which compare a database with itself). */
export const tableRows = async (query: Query, tables: readonly string[]): Promise<Record<string, unknown[]>> => {
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    const rows = await query(`select * from "${table}"`);
    out[table] = rows.map((r) => JSON.stringify(r)).sort().map((r) => JSON.parse(r) as unknown);
  }
  return out;
};
