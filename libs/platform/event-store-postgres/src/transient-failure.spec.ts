import { describe, it, expect } from '@jest/globals';
import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import { Conflict, transientFailure } from '@b2b/kernel';

/** A DatabaseError as pg builds it from the server's ErrorResponse (shapes recorded from PostgreSQL 16
 *  and pg 8: pg_terminate_backend during a query, a deadlock, ...). */
const serverError = (code: string, message: string, severity = 'ERROR'): Error => {
  const error = new pg.DatabaseError(message, message.length, 'error');
  Object.assign(error, { code, severity });
  return error;
};
const socketError = (code: string, message: string): Error => Object.assign(new Error(message), { code, errno: -104, syscall: 'read' });

describe('transientFailure: one classification of database errors for the whole platform', () => {
  it.each([
    ['pg_terminate_backend during a query', serverError('57P01', 'terminating connection due to administrator command', 'FATAL'), 'connection', false],
    ['a server crash', serverError('57P02', 'terminating connection because of crash of another server process', 'FATAL'), 'connection', false],
    ['a server starting up', serverError('57P03', 'the database system is starting up', 'FATAL'), 'unavailable', true],
    ['too many connections', serverError('53300', 'sorry, too many clients already', 'FATAL'), 'unavailable', true],
    ['a serialization failure', serverError('40001', 'could not serialize access due to concurrent update'), 'rolled-back', true],
    ['a deadlock', serverError('40P01', 'deadlock detected'), 'rolled-back', true],
    ['connection failure (class 08)', serverError('08006', 'connection failure'), 'connection', false],
    ['unable to connect (08001)', serverError('08001', 'could not connect to server'), 'unavailable', true],
    ['the next query on a terminated client', new Error('Connection terminated unexpectedly'), 'connection', false],
    ['a pool connection timeout', new Error('timeout exceeded when trying to connect'), 'unavailable', true],
    ['a reset socket', socketError('ECONNRESET', 'read ECONNRESET'), 'connection', false],
    ['a refused connect', socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 'unavailable', true],
    ['a refused dual-stack connect', Object.assign(new AggregateError([socketError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432'), socketError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')], ''), { code: 'ECONNREFUSED' }), 'unavailable', true],
    ['TypeORM wrapping a terminated connection', new QueryFailedError('select 1', [], serverError('57P01', 'terminating connection due to administrator command', 'FATAL')), 'connection', false],
    ['TypeORM wrapping a deadlock', new QueryFailedError('update t set x = 1', [], serverError('40P01', 'deadlock detected')), 'rolled-back', true],
    ['a cause chain', new Error('projection failed', { cause: new Error('Connection terminated unexpectedly') }), 'connection', false],
  ])('%s is transient', (_what, error, kind, nothingWritten) => {
    expect(transientFailure(error)).toMatchObject({ kind, nothingWritten });
  });

  it.each([
    ['a unique violation', serverError('23505', 'duplicate key value violates unique constraint "es_events_stream_version_key"')],
    ['a syntax error', serverError('42601', 'syntax error at or near "selec"')],
    ['a protocol violation (08P01: a bug, not the network)', serverError('08P01', 'invalid message format')],
    ['an invalid text representation', new QueryFailedError('select $1::uuid', ['x'], serverError('22P02', 'invalid input syntax for type uuid: "x"'))],
    ['a domain error', new Conflict('ORDER.ALREADY_SUBMITTED', 'already submitted')],
    ['a plain error', new Error('something else')],
    ['not an error', 'Connection terminated unexpectedly'],
  ])('%s is not transient', (_what, error) => {
    expect(transientFailure(error)).toBeNull();
  });
});
