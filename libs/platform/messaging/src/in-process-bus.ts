import type { Envelope } from '@b2b/contracts';
import { decodeEnvelope, describeEnvelope, type MessagePublisher, type MessageSubscriber, type SubscribeOptions, type Subscription, type SubscriptionState } from './message-bus.js';

interface Group {
  readonly options: SubscribeOptions;
  closed: boolean;
  readonly since: string;
  /** Sequence number of the last message this group is done with (handled or not its type). */
  done: number;
}

export interface InProcessBusOptions {
  /** Pause before delivering a message again after its handler threw. */
  readonly retryDelayMs?: number;
  readonly log?: (message: string) => void;
}

/** The bus of the embedded run and of unit tests. `publish` resolves when every subscribed group has
 *  handled every message, in order: the relay's checkpoint therefore only moves past a message that
 *  all consumers have, so a crash loses nothing (the relay publishes again; inboxes drop repeats).
 *  A handler that keeps failing is retried until it succeeds or its subscription closes. */
export class InProcessBus implements MessagePublisher, MessageSubscriber {
  private readonly groups = new Set<Group>();
  private tail: Promise<void> = Promise.resolve();
  /** Messages handed to `publish` so far: the bus's high watermark. */
  private published = 0;

  constructor(private readonly options: InProcessBusOptions = {}) {}

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    for (const g of this.groups) {
      if (g.options.group === options.group && !g.closed) throw new Error(`consumer group ${options.group} is already subscribed`);
    }
    const group: Group = { options, closed: false, since: new Date().toISOString(), done: this.published };
    this.groups.add(group);
    return {
      close: async () => {
        group.closed = true;
        this.groups.delete(group);
      },
      state: () => this.stateOf(group),
    };
  }

  /** Serialised across publishers, so messages are delivered in publish order (which keeps per-key order). */
  publish(messages: readonly Envelope[]): Promise<void> {
    const first = this.published + 1;
    this.published += messages.length;
    const run = this.tail.then(() => this.deliverAll(messages, first));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Always running (nothing to lose a connection to); the lag is the messages published and not yet
   *  done with by this group (its handler retries a failing one until it succeeds). */
  private stateOf(group: Group): SubscriptionState {
    const lag = group.closed ? 0 : Math.max(0, this.published - group.done);
    return {
      group: group.options.group, status: group.closed ? 'closed' : 'running', since: group.since, lastError: null, restarts: 0, lag,
      partitions: [{ topic: 'in-process', partition: 0, handledOffset: group.done > 0 ? String(group.done) : null, highWatermark: String(this.published), lag }],
    };
  }

  private async deliverAll(messages: readonly Envelope[], first: number): Promise<void> {
    for (const [i, message] of messages.entries()) {
      await Promise.all([...this.groups].map(async (group) => {
        await this.deliver(group, message);
        group.done = Math.max(group.done, first + i);
      }));
    }
  }

  private async deliver(group: Group, envelope: Envelope): Promise<void> {
    const { retryDelayMs = 200, log } = this.options;
    // A copy per group, as a real transport would hand over: one consumer cannot change another's data.
    const copy = JSON.parse(JSON.stringify(envelope)) as Envelope;
    let decoded;
    try {
      decoded = decodeEnvelope(group.options.contracts, copy);
    } catch (error: unknown) {
      log?.(`[${group.options.group}] dropped invalid message ${describeEnvelope(envelope)}: ${String(error)}`);
      return;
    }
    if (!decoded) return;
    while (!group.closed) {
      try {
        await group.options.handle(decoded);
        return;
      } catch (error: unknown) {
        log?.(`[${group.options.group}] handler failed for ${describeEnvelope(envelope)}, retrying: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      }
    }
  }
}
