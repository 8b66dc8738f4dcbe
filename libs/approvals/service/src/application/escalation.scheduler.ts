import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { Clock } from '@b2b/kernel';
import { ServiceRuntime } from '@b2b/nest';
import { isDue } from '@b2b/approvals-domain';
import { ApprovalStepEntity } from '../infrastructure/read-models/approvals.entities.js';
import { ApprovalRoundHandler } from './approval-round.handler.js';
import { ApprovalSettingsHandler } from './approval-settings.handler.js';

/** How often the scheduler looks for steps past their reminder or SLA; 0 runs it only when called. */
export class EscalationSchedule {
  constructor(readonly tickMs: number) {}
}

export interface TickReport {
  readonly escalated: number;
  readonly reminded: number;
}

/** Escalation and reminders as timer inputs: every tick scans the waiting steps (read model), and for
 *  those whose reminder or SLA time passed under their company's settings issues RemindStep /
 *  EscalateStep; the decider, on the step's stream, decides again from the command's time, so a stale
 *  read or two ticks at once record nothing twice. */
@Injectable()
export class EscalationScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('approvals.escalation');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<TickReport> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly runtime: ServiceRuntime,
    private readonly rounds: ApprovalRoundHandler,
    private readonly settings: ApprovalSettingsHandler,
    private readonly schedule: EscalationSchedule,
  ) {}

  onApplicationBootstrap(): void {
    if (this.schedule.tickMs <= 0) return;
    this.timer = setInterval(() => {
      this.tick().catch((error: unknown) => this.logger.warn(`escalation tick failed: ${String(error)}`));
    }, this.schedule.tickMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One pass at `now` (the injected clock's time by default). Ticks do not overlap: a call during a
   *  pass waits for it and returns its report. */
  tick(now: Date = this.clock.now()): Promise<TickReport> {
    this.running ??= this.pass(now).finally(() => (this.running = null));
    return this.running;
  }

  private async pass(now: Date): Promise<TickReport> {
    await this.runtime.projected();
    const steps = await this.dataSource.getRepository(ApprovalStepEntity).find({
      where: [{ status: 'open', remindedAt: IsNull() }, { status: 'open', escalatedAt: IsNull() }],
      order: { openedAt: 'ASC' },
    });
    const settings = await this.settings.forCompanies(steps.map((s) => s.companyId));
    let escalated = 0;
    let reminded = 0;
    for (const step of steps) {
      const { slaHours, reminderHours } = settings.get(step.companyId)!;
      const openedAt = step.openedAt!.toISOString();
      try {
        if (step.remindedAt === null && isDue(openedAt, reminderHours, now) && (await this.rounds.remind(step, reminderHours, now))) reminded++;
        if (step.escalatedAt === null && isDue(openedAt, slaHours, now) && (await this.rounds.escalate(step, slaHours, now))) escalated++;
      } catch (error: unknown) {
        this.logger.warn(`step ${step.stepId}: ${String(error)}; next tick retries`);
      }
    }
    if (escalated + reminded > 0) await this.runtime.projected();
    return { escalated, reminded };
  }
}
