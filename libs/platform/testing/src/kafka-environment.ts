import { ensureTopics } from '@b2b/messaging-kafka';
import { startKafkaTestBroker, type KafkaTestBroker } from '@b2b/kafka-test-broker';
import { dockerEngineAnswers } from './docker.js';

/** Control of a Kafka test broker (librdkafka mock cluster): topics, outages, stop. */
export type TestBrokerHandle = KafkaTestBroker;

export interface KafkaEnvironment {
  readonly kind: 'env' | 'testcontainers' | 'test-broker';
  readonly brokers: string[];
  /** Only for kind 'test-broker', and only in the process that called provideKafka. */
  readonly broker?: TestBrokerHandle;
  stop(): Promise<void>;
}

/** Partitions of every topic the test environment creates. */
export const TEST_PARTITIONS = 3;

export const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.7.1';

/** KAFKA_BROKERS when set (missing topics are created); else a testcontainers Kafka where a Docker
 *  engine answers; else a Kafka test broker started here with `topics` pre-created. Each topic gets
 *  TEST_PARTITIONS partitions. Sets process.env.KAFKA_BROKERS to the bootstrap list (restored by
 *  `stop`), which is how jest workers find the broker.
 *
 *  The broker handle lives in the calling process (jest's parent, for a global setup): a test file in
 *  a worker cannot reach it. A test that needs an outage starts its own broker with
 *  `startKafkaTestBroker` (tools/kafka-test-broker), which costs about 10 ms. */
export async function provideKafka(topics: readonly string[]): Promise<KafkaEnvironment> {
  const previous = process.env['KAFKA_BROKERS'];
  const env = await start(topics);
  process.env['KAFKA_BROKERS'] = env.brokers.join(',');
  return {
    ...env,
    stop: async () => {
      if (previous === undefined) delete process.env['KAFKA_BROKERS'];
      else process.env['KAFKA_BROKERS'] = previous;
      await env.stop();
    },
  };
}

async function start(topics: readonly string[]): Promise<KafkaEnvironment> {
  const fromEnv = (process.env['KAFKA_BROKERS'] ?? '').split(',').map((b) => b.trim()).filter(Boolean);
  if (fromEnv.length > 0) {
    await ensureTopics(fromEnv, topics, TEST_PARTITIONS, { clientId: 'b2b-test-infra', logLevel: 'error' });
    return { kind: 'env', brokers: fromEnv, stop: async () => {} };
  }
  if (await dockerEngineAnswers()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer(KAFKA_IMAGE).withKraft().start();
    const brokers = [`${container.getHost()}:${container.getMappedPort(9093)}`];
    try {
      await ensureTopics(brokers, topics, TEST_PARTITIONS, { clientId: 'b2b-test-infra', logLevel: 'error' });
    } catch (error: unknown) {
      await container.stop();
      throw error;
    }
    return { kind: 'testcontainers', brokers, stop: async () => void (await container.stop()) };
  }
  const broker = await startKafkaTestBroker({
    partitions: TEST_PARTITIONS,
    topics: [...new Set(topics)].map((name) => ({ name, partitions: TEST_PARTITIONS })),
  });
  return { kind: 'test-broker', brokers: broker.brokers, broker, stop: () => broker.stop() };
}
