import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { decodeEnvelope, describeEnvelope, MessageSubscriber, type IncomingMessage, type SubscribeOptions, type Subscription } from '@b2b/messaging';
import { consoleLog, createKafka, describeError, MessagingUnavailable, type KafkaClientOptions, type KafkaLog } from './kafka-client.js';
import { fromKafkaMessage } from './kafka-headers.js';

export interface KafkaSubscriberOptions extends KafkaClientOptions {
  /** Ms without a heartbeat before the coordinator drops a member (kafkajs default 30 000). */
  readonly sessionTimeout?: number;
  /** Ms between heartbeats (kafkajs default 3 000); keep it well below `sessionTimeout`. */
  readonly heartbeatInterval?: number;
  /** Ms the coordinator waits for members to rejoin during a rebalance (kafkajs default 60 000). */
  readonly rebalanceTimeout?: number;
  /** Longest wait of an empty Fetch (kafkajs default 5 000); also the delay before a quiet consumer sees new data
   *  on brokers that do not wake a waiting Fetch. */
  readonly maxWaitTimeInMs?: number;
  /** Partitions handled at the same time by one member (default 1). Above 1, `handle` runs concurrently for
   *  messages of different partitions; order is kept per partition either way. */
  readonly partitionsConsumedConcurrently?: number;
  /** Pause before a message whose handler threw is delivered again: doubles per attempt (default 200 ms up to 30 s). */
  readonly handlerRetry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /** How long `subscribe` waits for the group join (default: rebalanceTimeout + sessionTimeout). */
  readonly joinTimeoutMs?: number;
}

/** Consumes integration events with kafkajs consumer groups: one kafkajs consumer per `subscribe`.
 *
 *  Delivery is at-least-once and in order per partition (so per key):
 *  - Offsets are committed by hand (`autoCommit: false`): eachBatch handles a fetched batch message by
 *    message and commits the offset after the last handled one when the batch ends, stops early or
 *    fails, so a commit never passes a message whose handler has not resolved. One commit per batch,
 *    not per message, keeps a backlog fast; a crash mid-batch redelivers at most that batch's handled part.
 *  - A handler that throws is retried with exponential backoff: its partition is paused and the consumer
 *    seeks back to the failed message, so later messages of that partition wait while other partitions go
 *    on. It is retried until it succeeds, the partition moves to another member, or the subscription closes;
 *    in each case the message is not committed and will be delivered again.
 *  - A record that cannot be decoded (missing headers, not JSON, payload breaking its contract) is logged
 *    and committed: a poison message must not block its partition for ever. Types the consumer does not
 *    handle are committed silently.
 *  A new group starts at the beginning of its topics; a known group resumes after its committed offsets. */
export class KafkaSubscriber extends MessageSubscriber {
  private readonly kafka: Kafka;
  private readonly log: KafkaLog;
  private readonly open = new Set<GroupConsumer>();

  constructor(private readonly options: KafkaSubscriberOptions) {
    super();
    this.kafka = createKafka(options, 'b2b-subscriber');
    this.log = options.log ?? consoleLog;
  }

  /** Joins `options.group` on the topics of `options.contracts` and resolves once the member has joined
   *  (and received its assignment, which is empty when the group has more members than partitions).
   *  Throws MessagingUnavailable when the brokers cannot be reached or the join does not happen within
   *  `joinTimeoutMs` (e.g. a topic that does not exist); nothing is left running then.
   *  The subscription's `close()` stops retries, waits for the handler in progress, commits what was
   *  handled and leaves the group, so the partitions move to the other members at once. */
  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const topics = [...new Set(options.contracts.map((c) => c.topic))];
    if (topics.length === 0) throw new Error(`consumer group ${options.group}: no contracts to subscribe to`);
    const { sessionTimeout = 30_000, rebalanceTimeout = 60_000 } = this.options;
    const consumer = this.kafka.consumer({
      groupId: options.group,
      sessionTimeout,
      rebalanceTimeout,
      allowAutoTopicCreation: false,
      ...(this.options.heartbeatInterval !== undefined ? { heartbeatInterval: this.options.heartbeatInterval } : {}),
      ...(this.options.maxWaitTimeInMs !== undefined ? { maxWaitTimeInMs: this.options.maxWaitTimeInMs } : {}),
      ...(this.options.retry ? { retry: { ...this.options.retry } } : {}),
    });
    const group = new GroupConsumer(consumer, options, this.options, this.log, () => this.open.delete(group));
    this.open.add(group);
    try {
      await group.start(topics, this.options.joinTimeoutMs ?? sessionTimeout + rebalanceTimeout);
    } catch (error: unknown) {
      await group.close();
      throw new MessagingUnavailable(`consumer group ${options.group} could not join: ${describeError(error)}`, { cause: error });
    }
    return { close: () => group.close() };
  }

  /** Closes every subscription made through this subscriber (as each subscription's `close()` does). */
  async close(): Promise<void> {
    await Promise.all([...this.open].map((g) => g.close()));
  }
}

/** One member of one group: the kafkajs consumer and the retry state of its partitions. */
class GroupConsumer {
  private closing: Promise<void> | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Failed attempts of the message each partition is stuck on, keyed by `topic:partition`. */
  private readonly failures = new Map<string, { offset: string; attempts: number }>();

  constructor(
    private readonly consumer: Consumer,
    private readonly options: SubscribeOptions,
    private readonly settings: KafkaSubscriberOptions,
    private readonly log: KafkaLog,
    private readonly onClosed: () => void,
  ) {}

  async start(topics: readonly string[], joinTimeoutMs: number): Promise<void> {
    const { GROUP_JOIN, CRASH } = this.consumer.events;
    let removeListeners: Array<() => void> = [];
    const joined = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no group join within ${joinTimeoutMs} ms`)), joinTimeoutMs);
      removeListeners = [
        this.consumer.on(GROUP_JOIN, () => resolve()),
        this.consumer.on(CRASH, ({ payload }) => {
          if (!payload.restart) reject(payload.error);
        }),
        () => clearTimeout(timer),
      ];
    });
    joined.catch(() => undefined); // a crash during connect/run is reported by the await below
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [...topics], fromBeginning: true });
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.onBatch(payload),
      });
      await joined;
    } finally {
      for (const remove of removeListeners) remove();
    }
  }

  /** Stops retries, waits for the handler in progress and leaves the group (idempotent). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      try {
        await this.consumer.disconnect();
      } catch (error: unknown) {
        this.log('warn', `[${this.options.group}] disconnect failed: ${describeError(error)}`);
      } finally {
        this.onClosed();
      }
    })();
    return this.closing;
  }

  // kafkajs builds these payload functions as closures, not methods: taking them apart is safe.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  private async onBatch({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    let handled: string | undefined;
    try {
      for (const message of batch.messages) {
        // Closing: what is left is not committed, so the next member of the group gets it again.
        if (this.closing || !isRunning() || isStale()) break;
        if (!(await this.deliver(topic, partition, message, pause))) break;
        resolveOffset(message.offset);
        handled = message.offset;
        await heartbeat();
      }
    } finally {
      if (handled !== undefined) {
        await this.consumer.commitOffsets([{ topic, partition, offset: (BigInt(handled) + 1n).toString() }]);
      }
    }
  }

  /** True when the message is done with (handled, skipped or not ours); false when a retry is scheduled. */
  private async deliver(topic: string, partition: number, message: KafkaMessage, pause: () => () => void): Promise<boolean> {
    const at = `${topic}[${partition}]@${message.offset}`;
    let decoded: IncomingMessage | null;
    try {
      decoded = decodeEnvelope(this.options.contracts, fromKafkaMessage(topic, message));
    } catch (error: unknown) {
      this.log('warn', `[${this.options.group}] skipped undecodable message ${at}: ${describeError(error)}`);
      return true;
    }
    if (decoded) {
      try {
        await this.options.handle(decoded);
      } catch (error: unknown) {
        this.retryLater(topic, partition, message.offset, pause, `${describeEnvelope(decoded.envelope)} at ${at}`, error);
        return false;
      }
    }
    this.failures.delete(`${topic}:${partition}`);
    return true;
  }

  /** Pauses the partition, rewinds it to the failed message and resumes it after the backoff. */
  private retryLater(topic: string, partition: number, offset: string, pause: () => () => void, what: string, error: unknown): void {
    const key = `${topic}:${partition}`;
    const previous = this.failures.get(key);
    const attempts = previous?.offset === offset ? previous.attempts + 1 : 1;
    this.failures.set(key, { offset, attempts });
    const { initialDelayMs = 200, maxDelayMs = 30_000 } = this.settings.handlerRetry ?? {};
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempts - 1, 30));
    this.log('warn', `[${this.options.group}] handler failed for ${what} (attempt ${attempts}), retrying in ${delay} ms: ${describeError(error)}`);
    const resume = pause();
    this.consumer.seek({ topic, partition, offset });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closing) resume();
    }, delay);
    this.timers.add(timer);
  }
}
