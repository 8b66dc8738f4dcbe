import type { IMemberAssignment } from 'kafkajs';
import type { PartitionProgress } from '@b2b/messaging';

/** Where one partition of the group stands for this member. */
interface Progress {
  readonly topic: string;
  readonly partition: number;
  handledOffset: string | null;
  /** First offset of the latest batch: the next one to handle while none of it is handled yet. */
  batchStart: string | null;
  highWatermark: string | null;
}

/** The lag of a member's partitions, from what its batches report (kafkajs's `batch.highWatermark`):
 *  lag = highWatermark − the next offset to handle, as of the latest batch of that partition. */
export class PartitionProgressTracker {
  private readonly partitions = new Map<string, Progress>();

  /** After a (re)join: keeps the partitions still assigned, adds the new ones. */
  assigned(assignment: IMemberAssignment): void {
    const keys = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions ?? []) {
        this.entry(topic, partition);
        keys.add(`${topic}:${partition}`);
      }
    }
    for (const key of this.partitions.keys()) if (!keys.has(key)) this.partitions.delete(key);
  }

  /** A fetched batch starts: remembers its high watermark and first offset. */
  batch(topic: string, partition: number, highWatermark: string, firstOffset: string | null): { handled(offset: string): void } {
    const progress = this.entry(topic, partition);
    progress.highWatermark = highWatermark;
    progress.batchStart = firstOffset;
    return { handled: (offset) => void (progress.handledOffset = offset) };
  }

  view(): PartitionProgress[] {
    return [...this.partitions.values()]
      .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
      .map((p) => ({ topic: p.topic, partition: p.partition, handledOffset: p.handledOffset, highWatermark: p.highWatermark, lag: lagOf(p) }));
  }

  private entry(topic: string, partition: number): Progress {
    const key = `${topic}:${partition}`;
    let progress = this.partitions.get(key);
    if (!progress) {
      progress = { topic, partition, handledOffset: null, batchStart: null, highWatermark: null };
      this.partitions.set(key, progress);
    }
    return progress;
  }
}

const lagOf = (p: Progress): number => {
  if (p.highWatermark === null) return 0;
  const afterHandled = p.handledOffset !== null ? BigInt(p.handledOffset) + 1n : null;
  const batchStart = p.batchStart !== null ? BigInt(p.batchStart) : null;
  const next = afterHandled !== null && batchStart !== null ? (afterHandled > batchStart ? afterHandled : batchStart) : (afterHandled ?? batchStart ?? BigInt(p.highWatermark));
  const lag = BigInt(p.highWatermark) - next;
  return lag > 0n ? Number(lag) : 0;
};
