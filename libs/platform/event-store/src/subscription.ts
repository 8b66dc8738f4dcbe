import type { Checkpoint } from './event-store.js';

export interface PollingOptions<T> {
  /** Reads the next batch after the checkpoint (EventStore.readAll or readOutbox). */
  readonly read: (after: Checkpoint | null, limit: number) => Promise<readonly T[]>;
  readonly checkpointOf: (item: T) => Checkpoint;
  /** Handles a batch; must persist the checkpoint itself (with its own effects, ideally in one transaction). */
  readonly handle: (batch: readonly T[]) => Promise<void>;
  readonly loadCheckpoint: () => Promise<Checkpoint | null>;
  readonly batchSize?: number;
  /** Pause when nothing new arrived. */
  readonly idleMs?: number;
  /** Pause after a failed batch before retrying it. */
  readonly retryMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** A catch-up reader over the global log: reads, handles, waits, repeats; `wake()` cuts the wait short
 *  (called after local appends so the embedded run reacts at once). A failed batch is retried, never skipped. */
export class PollingSubscription<T> {
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private pendingWake = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: PollingOptions<T>) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  /** Resolves once the reader has found nothing new (everything committed so far is handled). */
  idle(): Promise<void> {
    this.wake();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { batchSize = 500, idleMs = 100, retryMs = 500 } = this.options;
    let checkpoint: Checkpoint | null = null;
    let loaded = false;
    while (this.running) {
      try {
        if (!loaded) {
          checkpoint = await this.options.loadCheckpoint();
          loaded = true;
        }
        this.pendingWake = false;
        const batch = await this.options.read(checkpoint, batchSize);
        if (batch.length > 0) {
          await this.options.handle(batch);
          checkpoint = this.options.checkpointOf(batch[batch.length - 1]!);
          if (batch.length === batchSize) continue;
        }
        if (this.pendingWake) continue;
        this.idleWaiters.splice(0).forEach((resolve) => resolve());
        await this.sleep(idleMs);
      } catch (error: unknown) {
        loaded = false;
        this.options.onError?.(error);
        await this.sleep(retryMs);
      }
    }
    this.idleWaiters.splice(0).forEach((resolve) => resolve());
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }
}
