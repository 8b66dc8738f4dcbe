import type { Consumer, EachBatchPayload, IMemberAssignment, Kafka, KafkaMessage } from 'kafkajs';
import {
  decodeEnvelope, describeEnvelope,
  type IncomingMessage, type PartitionProgress, type SubscribeOptions, type SubscriptionState, type SubscriptionStatus,
} from '@b2b/messaging';
import { describeError, type KafkaLog } from './kafka-client.js';
import { fromKafkaMessage } from './kafka-headers.js';
import type { KafkaSubscriberOptions } from './kafka-subscriber.js';

const STOPPED_BY_ITSELF = 'the kafkajs consumer stopped by itself';
const CRASH_AFTER_STOP_MS = 2000;

/** Where one partition of the group stands for this member (for lag). */
interface Progress {
  readonly topic: string;
  readonly partition: number;
  handledOffset: string | null;
  /** First offset of the latest batch: the next one to handle while none of it is handled yet. */
  batchStart: string | null;
  highWatermark: string | null;
}

/** One member of one group: the current kafkajs consumer (made anew after a crash), the retry state of
 *  its partitions and what it reports in `state()`. */
export class GroupConsumer {
  private closing: Promise<void> | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Failed attempts of the message each partition is stuck on, keyed by `topic:partition`. */
  private readonly failures = new Map<string, { offset: string; attempts: number }>();
  private readonly progress = new Map<string, Progress>();
  /** The kafkajs consumer in charge; null between a crash and the next attempt. */
  private consumer: Consumer | null = null;
  /** The consumer that crashed last (its CRASH event comes after its STOP: keep the better reason). */
  private crashed: Consumer | null = null;
  /** Consumers this adapter stops itself: their STOP event is no crash. */
  private readonly stopping = new WeakSet<Consumer>();
  private restarting: Promise<void> = Promise.resolve();
  private wakeRestart: (() => void) | null = null;
  private status: Exclude<SubscriptionStatus, 'stalled'> = 'joining';
  private since = new Date();
  private lastError: string | null = null;
  private restarts = 0;
  /** Last fetch, heartbeat or batch of the consumer in charge (ms since epoch). */
  private lastActivity = Date.now();

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: readonly string[],
    private readonly options: SubscribeOptions,
    private readonly settings: KafkaSubscriberOptions,
    private readonly log: KafkaLog,
    private readonly onClosed: () => void,
  ) {}

  private get group(): string {
    return this.options.group;
  }

  /** The first join: throws when it does not happen (subscribe() reports that to its caller). */
  async start(): Promise<void> {
    await this.join();
  }

  state(): SubscriptionState {
    const stallAfterMs = this.settings.stallAfterMs ?? this.settings.sessionTimeout ?? 30_000;
    const quietMs = Date.now() - this.lastActivity;
    const stalled = this.status === 'running' && quietMs > stallAfterMs;
    const partitions: PartitionProgress[] = [...this.progress.values()]
      .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
      .map((p) => ({ topic: p.topic, partition: p.partition, handledOffset: p.handledOffset, highWatermark: p.highWatermark, lag: lagOf(p) }));
    return {
      group: this.group,
      status: stalled ? 'stalled' : this.status,
      since: (stalled ? new Date(this.lastActivity) : this.since).toISOString(),
      lastError: stalled ? `nothing fetched, handled or heartbeated for ${quietMs} ms` : this.lastError,
      restarts: this.restarts,
      lag: partitions.reduce((sum, p) => sum + p.lag, 0),
      partitions,
    };
  }

  /** Stops retries and restarts, waits for the handler in progress and leaves the group (idempotent). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.clearTimers();
      this.wakeRestart?.();
      try {
        if (this.consumer) await this.stop(this.consumer);
        await this.restarting;
      } finally {
        this.setStatus('closed');
        this.onClosed();
      }
    })();
    return this.closing;
  }

  /** Makes a kafkajs consumer, runs it and resolves once it has joined the group. On failure it is
   *  disconnected and the error thrown. */
  private async join(): Promise<void> {
    const { sessionTimeout = 30_000, rebalanceTimeout = 60_000 } = this.settings;
    const joinTimeoutMs = this.settings.joinTimeoutMs ?? sessionTimeout + rebalanceTimeout;
    const consumer = this.kafka.consumer({
      groupId: this.group,
      sessionTimeout,
      rebalanceTimeout,
      allowAutoTopicCreation: false,
      ...(this.settings.heartbeatInterval !== undefined ? { heartbeatInterval: this.settings.heartbeatInterval } : {}),
      ...(this.settings.maxWaitTimeInMs !== undefined ? { maxWaitTimeInMs: this.settings.maxWaitTimeInMs } : {}),
      // Every crash comes to `lost` with restart: false; this adapter restarts (see the class comment).
      retry: { ...this.settings.retry, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    const { GROUP_JOIN, CRASH, STOP, FETCH, HEARTBEAT, START_BATCH_PROCESS } = consumer.events;
    let joined = false;
    let failJoin: (error: unknown) => void = () => undefined;
    const joinedGroup = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no group join within ${joinTimeoutMs} ms`)), joinTimeoutMs);
      failJoin = (error) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      consumer.on(GROUP_JOIN, ({ payload }) => {
        clearTimeout(timer);
        joined = true;
        this.joined(consumer, payload.memberAssignment);
        resolve();
      });
    });
    joinedGroup.catch(() => undefined); // a crash during connect/run is reported by the await below
    // kafkajs stops (and disconnects) a crashing consumer before it emits CRASH with the reason: a STOP
    // we did not ask for waits a moment for that CRASH, and counts as a crash by itself if none comes.
    // Before the join, CRASH or the join timeout tells.
    let stoppedByItself: NodeJS.Timeout | undefined;
    consumer.on(CRASH, ({ payload }) => {
      clearTimeout(stoppedByItself);
      if (joined) this.lost(consumer, payload.error);
      else failJoin(payload.error);
    });
    consumer.on(STOP, () => {
      if (!joined || this.stopping.has(consumer)) return;
      stoppedByItself = setTimeout(() => this.lost(consumer, new Error(STOPPED_BY_ITSELF)), CRASH_AFTER_STOP_MS);
    });
    for (const event of [FETCH, HEARTBEAT, START_BATCH_PROCESS] as const) {
      consumer.on(event, () => {
        if (this.consumer === consumer) this.lastActivity = Date.now();
      });
    }
    try {
      await consumer.connect();
      this.throwIfClosing();
      await consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.onBatch(consumer, payload),
      });
      await joinedGroup;
      this.throwIfClosing();
    } catch (error: unknown) {
      await this.stop(consumer);
      throw error;
    }
  }

  private throwIfClosing(): void {
    if (this.closing) throw new Error('the subscription is closing');
  }

  private joined(consumer: Consumer, assignment: IMemberAssignment): void {
    if (consumer !== this.consumer || this.closing) return;
    this.lastActivity = Date.now();
    this.setStatus('running');
    const assigned = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions ?? []) {
        const key = `${topic}:${partition}`;
        assigned.add(key);
        if (!this.progress.has(key)) this.progress.set(key, { topic, partition, handledOffset: null, batchStart: null, highWatermark: null });
      }
    }
    for (const key of this.progress.keys()) if (!assigned.has(key)) this.progress.delete(key);
  }

  /** The consumer in charge crashed or stopped by itself after its join: replace it. */
  private lost(consumer: Consumer, error: unknown): void {
    if (this.closing) return;
    if (consumer === this.crashed && this.status === 'restarting') {
      if (!(error instanceof Error && error.message === STOPPED_BY_ITSELF)) this.lastError = describeError(error);
      return;
    }
    if (consumer !== this.consumer) return;
    this.consumer = null;
    this.crashed = consumer;
    this.clearTimers(); // they would resume partitions of the consumer that is gone
    this.setStatus('restarting', error);
    this.log('error', `[${this.group}] consumer crashed: ${describeError(error)}; a new consumer joins the group`);
    this.restarting = this.restart(consumer);
  }

  private async restart(crashed: Consumer): Promise<void> {
    await this.stop(crashed);
    const { initialDelayMs = 500, maxDelayMs = 30_000 } = this.settings.restartBackoff ?? {};
    for (let attempt = 1; !this.closing; attempt++) {
      const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt - 1, 30));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wakeRestart = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeRestart = null;
      if (this.closing) return;
      try {
        await this.join();
        this.restarts++;
        this.log('warn', `[${this.group}] consumer restarted (attempt ${attempt})`);
        return;
      } catch (error: unknown) {
        if (this.closing) return;
        this.consumer = null;
        this.lastError = describeError(error);
        this.log('warn', `[${this.group}] restart attempt ${attempt} failed: ${this.lastError}`);
      }
    }
  }

  private async stop(consumer: Consumer): Promise<void> {
    this.stopping.add(consumer);
    try {
      await consumer.disconnect();
    } catch (error: unknown) {
      this.log('warn', `[${this.group}] disconnect failed: ${describeError(error)}`);
    }
  }

  private setStatus(status: Exclude<SubscriptionStatus, 'stalled'>, error?: unknown): void {
    if (status !== this.status) this.since = new Date();
    this.status = status;
    if (error !== undefined) this.lastError = describeError(error);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  // kafkajs builds these payload functions as closures, not methods: taking them apart is safe.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  private async onBatch(consumer: Consumer, { batch, resolveOffset, heartbeat, pause, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const progress = this.progressOf(topic, partition);
    progress.highWatermark = batch.highWatermark;
    progress.batchStart = batch.firstOffset();
    let handled: string | undefined;
    try {
      for (const message of batch.messages) {
        // Closing or replaced: what is left is not committed, so the next member of the group gets it again.
        if (this.closing || consumer !== this.consumer || !isRunning() || isStale()) break;
        if (!(await this.deliver(consumer, topic, partition, message, pause))) break;
        resolveOffset(message.offset);
        handled = message.offset;
        progress.handledOffset = handled;
        this.lastActivity = Date.now();
        await heartbeat();
      }
    } finally {
      if (handled !== undefined) {
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(handled) + 1n).toString() }]);
      }
    }
  }

  private progressOf(topic: string, partition: number): Progress {
    const key = `${topic}:${partition}`;
    let progress = this.progress.get(key);
    if (!progress) {
      progress = { topic, partition, handledOffset: null, batchStart: null, highWatermark: null };
      this.progress.set(key, progress);
    }
    return progress;
  }

  /** True when the message is done with (handled, skipped or not ours); false when a retry is scheduled. */
  private async deliver(consumer: Consumer, topic: string, partition: number, message: KafkaMessage, pause: () => () => void): Promise<boolean> {
    const at = `${topic}[${partition}]@${message.offset}`;
    let decoded: IncomingMessage | null;
    try {
      decoded = decodeEnvelope(this.options.contracts, fromKafkaMessage(topic, message));
    } catch (error: unknown) {
      this.log('warn', `[${this.group}] skipped undecodable message ${at}: ${describeError(error)}`);
      return true;
    }
    if (decoded) {
      try {
        await this.options.handle(decoded);
      } catch (error: unknown) {
        this.retryLater(consumer, topic, partition, message.offset, pause, `${describeEnvelope(decoded.envelope)} at ${at}`, error);
        return false;
      }
    }
    this.failures.delete(`${topic}:${partition}`);
    return true;
  }

  /** Pauses the partition, rewinds it to the failed message and resumes it after the backoff. */
  private retryLater(consumer: Consumer, topic: string, partition: number, offset: string, pause: () => () => void, what: string, error: unknown): void {
    const key = `${topic}:${partition}`;
    const previous = this.failures.get(key);
    const attempts = previous?.offset === offset ? previous.attempts + 1 : 1;
    this.failures.set(key, { offset, attempts });
    const { initialDelayMs = 200, maxDelayMs = 30_000 } = this.settings.handlerRetry ?? {};
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempts - 1, 30));
    this.log('warn', `[${this.group}] handler failed for ${what} (attempt ${attempts}), retrying in ${delay} ms: ${describeError(error)}`);
    const resume = pause();
    consumer.seek({ topic, partition, offset });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closing && consumer === this.consumer) resume();
    }, delay);
    this.timers.add(timer);
  }
}

/** highWatermark − the next offset to handle, as of the latest batch (0 before any batch). */
const lagOf = (p: Progress): number => {
  if (p.highWatermark === null) return 0;
  const afterHandled = p.handledOffset !== null ? BigInt(p.handledOffset) + 1n : null;
  const batchStart = p.batchStart !== null ? BigInt(p.batchStart) : null;
  const next = afterHandled !== null && batchStart !== null ? (afterHandled > batchStart ? afterHandled : batchStart) : (afterHandled ?? batchStart ?? BigInt(p.highWatermark));
  const lag = BigInt(p.highWatermark) - next;
  return lag > 0n ? Number(lag) : 0;
};
