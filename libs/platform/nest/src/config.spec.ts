import { describe, it, expect } from '@jest/globals';
import { loadConfig } from './config.js';
import { ServiceProcessConfig } from './service-process.js';

describe('service process configuration', () => {
  const complete = {
    DATABASE_URL: 'postgresql://b2b@db:5432/b2b_catalog', KAFKA_BROKERS: 'kafka:9092', JWT_SECRET: 'k'.repeat(32), PORT: '3002',
  };

  it('reads a complete environment with defaults for the rest', () => {
    const config = loadConfig(ServiceProcessConfig, complete);
    expect(config).toMatchObject({ PORT: 3002, EVENT_STORE: 'postgres', HOST: '0.0.0.0', KAFKA_SESSION_TIMEOUT_MS: 30_000 });
  });

  it('refuses to start without its variables, naming each one', () => {
    expect(() => loadConfig(ServiceProcessConfig, { PORT: '3002' })).toThrow(/DATABASE_URL[\s\S]*KAFKA_BROKERS[\s\S]*JWT_SECRET/);
  });

  it('needs KURRENTDB_URL only when the event store is KurrentDB', () => {
    expect(() => loadConfig(ServiceProcessConfig, { ...complete, EVENT_STORE: 'kurrentdb' })).toThrow(/KURRENTDB_URL/);
    expect(loadConfig(ServiceProcessConfig, { ...complete, EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'esdb://k:2113?tls=false' }).EVENT_STORE).toBe('kurrentdb');
    expect(() => loadConfig(ServiceProcessConfig, { ...complete, EVENT_STORE: 'mongo' })).toThrow(/EVENT_STORE/);
  });
});
