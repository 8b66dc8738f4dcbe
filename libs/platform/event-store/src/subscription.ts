import { compareCheckpoints, type Checkpoint } from './event-store.js';

export interface PollingOptions<T> {
  /** Reads the next batch after the checkpoint (EventStore.readAll or readOutbox). */
  readonly read: (after: Checkpoint | null, limit: number) => Promise<readonly T[]>;
  readonly checkpointOf: (item: T) => Checkpoint;
  /** Handles a batch; must persist the checkpoint itself (with its own effects, ideally in one transaction). */
  readonly handle: (batch: readonly T[]) => Promise<void>;
  readonly loadCheckpoint: () => Promise<Checkpoint | null>;
  /** Whether items after the checkpoint are committed but not readable yet (EventStore.holdsBack): while
   *  they are, `idle()` waits, so "caught up" never means "caught up except what an older open
   *  transaction hides" (for up to HELD_BACK_MAX_WAIT_MS). Asked only when someone waits in `idle()`. */
  readonly heldBack?: (after: Checkpoint | null) => Promise<boolean>;
  readonly batchSize?: number;
  /** Pause when nothing new arrived. */
  readonly idleMs?: number;
  /** Pause after a failed batch before retrying it. */
  readonly retryMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** How soon to read again while committed items wait behind an older open transaction (they usually
 *  become readable within milliseconds). */
const HELD_BACK_POLL_MS = 10;
/** How long `idle()` waits for held-back items at most: a transaction left open elsewhere on the server
 *  (the rule is server-wide) must not stall every read-your-writes wait; after this it reports idle as before. */
const HELD_BACK_MAX_WAIT_MS = 5_000;
/** How long `idle(atLeast)` waits for a checkpoint the caller knows was committed (its own append) before
 *  it gives up and resolves anyway: normally moments, longer only while an older transaction elsewhere on
 *  the server stays open (the reader cannot see past it). */
const OWN_WRITE_MAX_WAIT_MS = 30_000;

interface IdleWaiter {
  readonly resolve: () => void;
  readonly atLeast: Checkpoint | null;
  readonly since: number;
}

/** A catch-up reader over the global log: reads, handles, waits, repeats; `wake()` cuts the wait short
 *  (called after local appends so the embedded run reacts at once). A failed batch is retried, never skipped. */
export class PollingSubscription<T> {
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private pendingWake = false;
  private idleWaiters: IdleWaiter[] = [];

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

  /** Resolves once the reader has found nothing new (everything committed so far is handled) and, given
   *  `atLeast` (the checkpoint of an append the caller made), has handled that checkpoint: the reader may
   *  not see it at once while an older transaction is still open (gap-free reads), and "nothing new" alone
   *  would then resolve before the caller's own write is handled. Waits for it at most OWN_WRITE_MAX_WAIT_MS. */
  idle(atLeast: Checkpoint | null = null): Promise<void> {
    this.wake();
    return new Promise((resolve) => this.idleWaiters.push({ resolve, atLeast, since: Date.now() }));
  }

  /** Resolves the waiters whose checkpoint was handled (or that waited long enough); true if any is left. */
  private releaseIdleWaiters(handled: Checkpoint | null): boolean {
    const now = Date.now();
    const done = (w: IdleWaiter): boolean =>
      w.atLeast === null || (handled !== null && compareCheckpoints(handled, w.atLeast) >= 0) || now - w.since >= OWN_WRITE_MAX_WAIT_MS;
    const waiting: IdleWaiter[] = [];
    for (const waiter of this.idleWaiters.splice(0)) {
      if (done(waiter)) waiter.resolve();
      else waiting.push(waiter);
    }
    this.idleWaiters.push(...waiting);
    return waiting.length > 0;
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
    let heldBackSince: number | null = null;
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
        if (this.idleWaiters.length > 0 && (await this.options.heldBack?.(checkpoint))) {
          heldBackSince ??= Date.now();
          if (Date.now() - heldBackSince < HELD_BACK_MAX_WAIT_MS) {
            await this.sleep(HELD_BACK_POLL_MS);
            continue;
          }
        }
        heldBackSince = null;
        const stillWaiting = this.releaseIdleWaiters(checkpoint);
        await this.sleep(stillWaiting ? HELD_BACK_POLL_MS : idleMs);
      } catch (error: unknown) {
        loaded = false;
        this.options.onError?.(error);
        await this.sleep(retryMs);
      }
    }
    this.idleWaiters.splice(0).forEach((w) => w.resolve());
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
