import type { Envelope } from '@b2b/contracts';
import { decodeEnvelope, describeEnvelope, type MessagePublisher, type MessageSubscriber, type SubscribeOptions, type Subscription } from './message-bus.js';

interface Group {
  readonly options: SubscribeOptions;
  closed: boolean;
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

  constructor(private readonly options: InProcessBusOptions = {}) {}

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    for (const g of this.groups) {
      if (g.options.group === options.group && !g.closed) throw new Error(`consumer group ${options.group} is already subscribed`);
    }
    const group: Group = { options, closed: false };
    this.groups.add(group);
    return {
      close: async () => {
        group.closed = true;
        this.groups.delete(group);
      },
    };
  }

  /** Serialised across publishers, so messages are delivered in publish order (which keeps per-key order). */
  publish(messages: readonly Envelope[]): Promise<void> {
    const run = this.tail.then(() => this.deliverAll(messages));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async deliverAll(messages: readonly Envelope[]): Promise<void> {
    for (const message of messages) {
      await Promise.all([...this.groups].map((group) => this.deliver(group, message)));
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
