// Types for index.mjs (kafka-test-broker).

export interface KafkaTestBrokerOptions {
  /** Number of brokers, ids 0..brokers-1. Default 1. */
  brokers?: number;
  /** Partition count of auto-created topics (and of `topics` given by name only). Default 3. */
  partitions?: number;
  /** Topics to create before the broker reports ready. */
  topics?: Array<string | { name: string; partitions: number }>;
  /** Fixed ports: broker i listens on 127.0.0.1:(port + i). Default: free ports chosen by the OS. */
  port?: number;
  /**
   * Upper bound (ms) on how long a rebalance waits for known members that have
   * not rejoined. Default: the group's session timeout - 1 s. Rebalances in which
   * every member rejoins complete as soon as the last one has.
   */
  rebalanceMaxMs?: number;
  /**
   * Longest time (ms) the broker parks a Fetch without data (kafkajs
   * maxWaitTimeInMs is capped to this). Produced data answers parked fetches
   * at once. 0 = honour the client's value. Default 200.
   */
  fetchMaxWaitMs?: number;
  /** Forward librdkafka's mock debug log to stderr. */
  debug?: boolean;
  /**
   * Do not keep the Node event loop alive while no command is pending, so a
   * forgotten stop() cannot hang a test runner (the broker exits anyway when
   * this process exits). Default true.
   */
  unrefWhenIdle?: boolean;
}

export interface KafkaTestBroker {
  /** Comma-separated host:port list, broker 0 first. */
  bootstrap: string;
  /** host:port per broker id (index = broker id). */
  brokers: string[];
  /** Create a topic; rejects if it exists. */
  createTopic(name: string, partitions: number): Promise<void>;
  /** The broker closes all connections and refuses new ones (-1: all brokers). */
  setBrokerDown(id: number): Promise<void>;
  /** The broker accepts connections again, on the same port. */
  setBrokerUp(id: number): Promise<void>;
  /** Stop the broker process; all topics and offsets are lost. Idempotent. */
  stop(): Promise<void>;
  /** Resolves (e.g. with "exit code 0") when the broker process has exited. */
  exited: Promise<string>;
}

/** Path of the compiled broker binary (override with KAFKA_TEST_BROKER_BIN). */
export const binaryPath: string;

/** Runs build.sh if the binary does not exist yet (synchronous). Returns the binary path. */
export function ensureBuilt(): string;

/** Starts a broker; resolves once it accepts connections. Builds it first if needed. */
export function startKafkaTestBroker(options?: KafkaTestBrokerOptions): Promise<KafkaTestBroker>;
