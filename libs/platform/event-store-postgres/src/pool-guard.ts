import type pg from 'pg';

/** pg's Pool takes its error listener off a client when it hands the client out; whoever checked it out
 *  by a promise (TypeORM's query runners, `pool.connect()`) adds its own a microtask later. A server
 *  ending the connection in between (pg_terminate_backend just after the connect: the FATAL message
 *  comes in the same read as the connect's ReadyForQuery) makes the client emit 'error' with no
 *  listener, which ends the process. Every client of a guarded pool keeps a listener of its own: a
 *  query in flight still gets its error, and the pool still drops a broken client. */
export const guardPoolClients = <P extends pg.Pool>(pool: P, onError: (error: Error) => void = () => undefined): P => {
  pool.on('connect', (client) => {
    client.on('error', onError);
  });
  return pool;
};
