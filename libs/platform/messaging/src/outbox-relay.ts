import { PollingSubscription, type CheckpointStore, type EventStore, type OutboxEntry } from '@b2b/event-store';

import type { MessagePublisher } from './message-bus.js';

export interface OutboxRelayOptions {
  /** Checkpoint name, one per service (e.g. 'relay:agreements'). */
  readonly name: string;
  readonly batchSize?: number;
  readonly idleMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** Publishes a service's outbox in commit order; moves its checkpoint only after the publisher
 *  accepted the batch (at-least-once: a crash in between publishes the batch again). */
export class OutboxRelay {
  private readonly subscription: PollingSubscription<OutboxEntry>;

  constructor(store: EventStore, publisher: MessagePublisher, checkpoints: CheckpointStore, options: OutboxRelayOptions) {
    this.subscription = new PollingSubscription<OutboxEntry>({
      read: (after, limit) => store.readOutbox(after, limit),
      checkpointOf: (entry) => entry.checkpoint,
      loadCheckpoint: () => checkpoints.load(options.name),
      handle: async (batch) => {
        await publisher.publish(batch.map((entry) => entry.message));
        await checkpoints.save(options.name, batch[batch.length - 1]!.checkpoint);
      },
      batchSize: options.batchSize ?? 200,
      idleMs: options.idleMs ?? 100,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }

  start(): void {
    this.subscription.start();
  }
  /** Publish now rather than at the next poll (called after a local append). */
  wake(): void {
    this.subscription.wake();
  }
  /** Resolves when everything committed so far has been published. */
  drained(): Promise<void> {
    return this.subscription.idle();
  }
  stop(): Promise<void> {
    return this.subscription.stop();
  }
}
