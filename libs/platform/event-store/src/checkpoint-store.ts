import type { Checkpoint } from './event-store.js';

/** Where a reader of the global log (relay, projection) remembers how far it got.
 *  Implementations: InMemoryCheckpointStore (here), PostgresCheckpointStore (@b2b/event-store-postgres): one per reader name. */
export abstract class CheckpointStore {
  abstract load(reader: string): Promise<Checkpoint | null>;
  abstract save(reader: string, checkpoint: Checkpoint): Promise<void>;
}

export class InMemoryCheckpointStore extends CheckpointStore {
  private readonly saved = new Map<string, Checkpoint>();
  async load(reader: string): Promise<Checkpoint | null> {
    return this.saved.get(reader) ?? null;
  }
  async save(reader: string, checkpoint: Checkpoint): Promise<void> {
    this.saved.set(reader, checkpoint);
  }
}
