import { inspect } from 'node:util';
import kafkajs from 'kafkajs';
import type { Kafka, LogEntry } from 'kafkajs';

const { Kafka: KafkaClient, logLevel: KafkaLogLevels } = kafkajs;

export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

/** Receives the adapter's own lines (skipped messages, handler retries) and kafkajs's log entries. */
export type KafkaLog = (level: Exclude<KafkaLogLevel, 'nothing'>, message: string) => void;

/** Backoff of kafkajs's own retries (connections, requests, producing): kafkajs's `RetryOptions`. */
export interface KafkaRetryOptions {
  /** First pause in ms (kafkajs default 300). */
  readonly initialRetryTime?: number;
  /** Longest pause in ms (kafkajs default 30 000). */
  readonly maxRetryTime?: number;
  /** Attempts before giving up (kafkajs default 5; the idempotent producer retries without limit). */
  readonly retries?: number;
  readonly multiplier?: number;
  readonly factor?: number;
}

/** What both the publisher and the subscriber need to reach a cluster. */
export interface KafkaClientOptions {
  /** Bootstrap brokers, `host:port`. */
  readonly brokers: readonly string[];
  readonly clientId?: string;
  /** Ms to establish a connection (kafkajs default 1 000). */
  readonly connectionTimeout?: number;
  /** Ms to wait for a response (kafkajs default 30 000). */
  readonly requestTimeout?: number;
  readonly retry?: KafkaRetryOptions;
  /** kafkajs's own log level; default 'warn'. */
  readonly logLevel?: KafkaLogLevel;
  /** Default: console (error → console.error, warn → console.warn, ...). */
  readonly log?: KafkaLog;
}

export const consoleLog: KafkaLog = (level, message) => {
  const write = { error: console.error, warn: console.warn, info: console.info, debug: console.debug }[level];
  write(`[kafka] ${message}`);
};

const LEVELS = {
  nothing: KafkaLogLevels.NOTHING,
  error: KafkaLogLevels.ERROR,
  warn: KafkaLogLevels.WARN,
  info: KafkaLogLevels.INFO,
  debug: KafkaLogLevels.DEBUG,
} as const;

const levelName = (level: number): Exclude<KafkaLogLevel, 'nothing'> =>
  level <= Number(KafkaLogLevels.ERROR) ? 'error' : level <= Number(KafkaLogLevels.WARN) ? 'warn' : level <= Number(KafkaLogLevels.INFO) ? 'info' : 'debug';

/** One kafkajs client per publisher / subscriber; kafkajs's log entries go to `options.log`. */
export const createKafka = (options: KafkaClientOptions, defaultClientId: string): Kafka => {
  const log = options.log ?? consoleLog;
  return new KafkaClient({
    clientId: options.clientId ?? defaultClientId,
    brokers: [...options.brokers],
    ...(options.connectionTimeout !== undefined ? { connectionTimeout: options.connectionTimeout } : {}),
    ...(options.requestTimeout !== undefined ? { requestTimeout: options.requestTimeout } : {}),
    ...(options.retry ? { retry: { ...options.retry } } : {}),
    logLevel: LEVELS[options.logLevel ?? 'warn'],
    logCreator:
      () =>
      ({ namespace, level, log: { message, timestamp: _timestamp, logger: _logger, stack: _stack, ...extra } }: LogEntry) => {
        const details = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
        log(levelName(level), `${namespace ? `${namespace}: ` : ''}${String(message)}${details}`);
      },
  });
};

/** A failure of the Kafka transport (brokers unreachable, request refused), with the kafkajs error
 *  as `cause`: callers see this class, never a kafkajs one. */
export class MessagingUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MessagingUnavailable';
  }
}

/** The message of an error and of its causes, for logs and wrapped errors. */
export const describeError = (error: unknown): string => {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    parts.push(e instanceof Error ? `${e.name}: ${e.message}` : inspect(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(' ← ');
};
