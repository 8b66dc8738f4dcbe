import type { Kafka } from 'kafkajs';
import { MessageSubscriber, type SubscribeOptions, type Subscription } from '@b2b/messaging';
import { consoleLog, createKafka, describeError, MessagingUnavailable, type KafkaClientOptions, type KafkaLog } from './kafka-client.js';
import { GroupConsumer } from './group-consumer.js';

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
  /** How long `subscribe` (and each restart) waits for the group join (default: rebalanceTimeout + sessionTimeout). */
  readonly joinTimeoutMs?: number;
  /** Pause before a crashed consumer is made anew: doubles per failed attempt (default 500 ms up to 30 s). */
  readonly restartBackoff?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /** A joined member that has neither fetched, handled a message nor heartbeated for this long reports
   *  itself `stalled` (default: sessionTimeout, after which the coordinator drops it anyway). */
  readonly stallAfterMs?: number;
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
 *  A new group starts at the beginning of its topics; a known group resumes after its committed offsets.
 *
 *  A consumer that crashes after the join, for whatever reason (evicted by the coordinator after a broker
 *  outage or a missed heartbeat, a non-retriable error, a lost coordinator, kafkajs giving up on retries,
 *  a kafkajs consumer that stops by itself), is replaced by the adapter: the old kafkajs consumer is
 *  disconnected, and a new one joins the same group with the same handler, with exponential backoff
 *  between attempts (`restartBackoff`), until it joins or the subscription closes. kafkajs's own restart
 *  is turned off (`restartOnFailure` → false) so there is one restart path, whatever the error: kafkajs
 *  restarts only after retriable errors, and a member the coordinator forgot is not one. The new member
 *  resumes after the committed offsets, so what the old one handled but had not committed is delivered
 *  again (at-least-once, as after any crash). `state()` tells where the subscription stands. */
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
    const group = new GroupConsumer(this.kafka, topics, options, this.options, this.log, () => this.open.delete(group));
    this.open.add(group);
    try {
      await group.start();
    } catch (error: unknown) {
      await group.close();
      throw new MessagingUnavailable(`consumer group ${options.group} could not join: ${describeError(error)}`, { cause: error });
    }
    return { close: () => group.close(), state: () => group.state() };
  }

  /** Closes every subscription made through this subscriber (as each subscription's `close()` does). */
  async close(): Promise<void> {
    await Promise.all([...this.open].map((g) => g.close()));
  }
}
