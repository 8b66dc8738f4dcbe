import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { compareCheckpoints, type Checkpoint } from '@b2b/event-store';
import { ProjectionCheckpointEntity, ServiceRuntime } from '@b2b/nest';

/** Waits until a projection has handled a given append. `ServiceRuntime.projected()` alone is not
 *  enough under concurrency: the gap-free log shows an append only once every older transaction has
 *  ended, so a reader can be idle while our commit is still hidden behind another one in flight. */
@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runtime: ServiceRuntime,
  ) {}

  async until(projection: string, checkpoint: Checkpoint | null, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.runtime.projected();
      if (checkpoint === null) return;
      const row = await this.dataSource.getRepository(ProjectionCheckpointEntity).findOneBy({ projection });
      if (row && compareCheckpoints({ commit: BigInt(row.commit), position: BigInt(row.position) }, checkpoint) >= 0) return;
      if (Date.now() > deadline) throw new Error(`projection ${projection} did not reach ${checkpoint.commit}/${checkpoint.position} in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
