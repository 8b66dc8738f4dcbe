import kafkajs from 'kafkajs';
import type { Message, Producer, TopicMessages } from 'kafkajs';
import type { Envelope } from '@b2b/contracts';
import { MessagePublisher } from '@b2b/messaging';
import { createKafka, describeError, MessagingUnavailable, type KafkaClientOptions } from './kafka-client.js';
import { toKafkaMessage } from './kafka-headers.js';

const { Partitioners } = kafkajs;

export type KafkaPublisherOptions = KafkaClientOptions;

/** Publishes envelopes to Kafka with an idempotent producer (acks from all in-sync replicas, one
 *  request in flight per broker), so a retried send neither duplicates nor reorders a partition.
 *  Each envelope becomes one record: key = `envelope.key` (murmur2 partitioning, as Java clients do),
 *  value = the JSON payload, the other envelope fields as headers (see `HEADERS`).
 *
 *  Connects on the first `publish` (or in `open`). Unless `retry.retries` is set, kafkajs retries a
 *  send without limit (backoff up to `retry.maxRetryTime`), so during an outage `publish` waits for
 *  the brokers instead of failing: the relay's checkpoint simply does not move. */
export class KafkaPublisher extends MessagePublisher {
  private readonly producer: Producer;
  private connecting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: KafkaPublisherOptions) {
    super();
    this.producer = createKafka(options, 'b2b-publisher').producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { ...options.retry, retries: options.retry?.retries ?? Number.MAX_SAFE_INTEGER },
    });
  }

  /** A connected publisher. Throws MessagingUnavailable when no broker answers (after kafkajs's retries). */
  static async open(options: KafkaPublisherOptions): Promise<KafkaPublisher> {
    const publisher = new KafkaPublisher(options);
    await publisher.connect();
    return publisher;
  }

  /** Sends every message in one batch (grouped by topic, in the given order within each topic) and
   *  resolves once the brokers acknowledged all of them (acks = -1). Per-key order follows the array
   *  order. Throws MessagingUnavailable on a non-retriable failure, when retries ran out, or after
   *  `close()`; then some of the messages may have been written (at-least-once: publish them again). */
  async publish(messages: readonly Envelope[]): Promise<void> {
    if (this.closing) throw new MessagingUnavailable('the Kafka publisher is closed');
    if (messages.length === 0) return;
    await this.connect();
    const byTopic = new Map<string, Message[]>();
    for (const envelope of messages) {
      const list = byTopic.get(envelope.topic) ?? [];
      list.push(toKafkaMessage(envelope));
      byTopic.set(envelope.topic, list);
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
    try {
      await this.producer.sendBatch({ acks: -1, topicMessages });
    } catch (error: unknown) {
      throw new MessagingUnavailable(
        `could not publish ${messages.length} message(s) to ${[...byTopic.keys()].join(', ')}: ${describeError(error)}`,
        { cause: error },
      );
    }
  }

  /** Disconnects the producer (idempotent). Sends still waiting for the brokers may fail. */
  close(): Promise<void> {
    this.closing ??= this.producer.disconnect().catch(() => undefined);
    return this.closing;
  }

  private connect(): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined; // the next publish tries again
      throw new MessagingUnavailable(`could not connect the Kafka producer: ${describeError(error)}`, { cause: error });
    });
    return this.connecting;
  }
}
