type Query = (sql: string, params?: unknown[]) => Promise<unknown[]>;

/** Simulated crashes, done by the database itself so no service code is wrapped:
 *  - every write a reaction makes is a numbered "write point": an append to the event store, an inbox
 *    insert, and the commit of an inbox transaction (a deferred trigger, so it fires after the
 *    reaction's effect inside that transaction ran). `crashAt(n)` makes write point n of the next
 *    handling fail: a crash after everything before it committed and before it and everything after.
 *  - `failCheckpoints(n)` makes the next n projection checkpoint writes fail, so a projection's batch
 *    is applied and then rolled back with its checkpoint, and run again.
 *  The counters are sequences: they are not rolled back with the failed transaction. */
export const installFaults = async (query: Query): Promise<void> => {
  await query(`create table if not exists idem_fault (crash_at bigint not null, checkpoint_failures bigint not null)`);
  await query(`insert into idem_fault select 0, 0 where not exists (select 1 from idem_fault)`);
  await query(`create sequence if not exists idem_write_seq`);
  await query(`create sequence if not exists idem_checkpoint_seq`);
  await query(`create or replace function idem_write() returns trigger language plpgsql as $$
    declare n bigint := nextval('idem_write_seq');
    begin
      if n = (select crash_at from idem_fault) then raise exception 'simulated crash at write point % (%)', n, tg_argv[0]; end if;
      return null;
    end $$`);
  await query(`create or replace function idem_checkpoint() returns trigger language plpgsql as $$
    begin
      if nextval('idem_checkpoint_seq') <= (select checkpoint_failures from idem_fault) then
        raise exception 'simulated crash before the checkpoint of %', new.projection;
      end if;
      return new;
    end $$`);
  await query(`drop trigger if exists idem_append on es_events`);
  await query(`create trigger idem_append before insert on es_events for each statement execute function idem_write('event store append')`);
  await query(`drop trigger if exists idem_inbox on inbox_messages`);
  await query(`create trigger idem_inbox before insert on inbox_messages for each statement execute function idem_write('inbox insert')`);
  await query(`drop trigger if exists idem_inbox_commit on inbox_messages`);
  await query(`create constraint trigger idem_inbox_commit after insert on inbox_messages deferrable initially deferred for each row execute function idem_write('inbox commit')`);
  await query(`drop trigger if exists idem_checkpoint on projection_checkpoints`);
  await query(`create trigger idem_checkpoint before insert or update on projection_checkpoints for each row execute function idem_checkpoint()`);
};

/** Counts write points from now on; write point `n` (1-based) fails, 0 fails none. */
export const crashAt = async (query: Query, n: number): Promise<void> => {
  await query(`update idem_fault set crash_at = $1`, [n]);
  await query(`select setval('idem_write_seq', 1, false)`);
};

/** Write points passed since the last `crashAt`. */
export const writePoints = async (query: Query): Promise<number> => {
  const [row] = (await query(`select last_value::int as n, is_called from idem_write_seq`)) as { n: number; is_called: boolean }[];
  return row!.is_called ? row!.n : 0;
};

/** The next `n` projection checkpoint writes fail (their batches roll back and are retried). */
export const failCheckpoints = async (query: Query, n: number): Promise<void> => {
  await query(`update idem_fault set checkpoint_failures = $1`, [n]);
  await query(`select setval('idem_checkpoint_seq', 1, false)`);
};

export const checkpointWritesFailed = async (query: Query): Promise<number> => {
  const [row] = (await query(`select last_value::int as n, is_called, (select checkpoint_failures from idem_fault)::int as lim from idem_checkpoint_seq`)) as { n: number; is_called: boolean; lim: number }[];
  return Math.min(row!.is_called ? row!.n : 0, row!.lim);
};
