import { Controller, Get, Global, HttpCode, Injectable, Module, ServiceUnavailableException, type OnApplicationShutdown } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Public, Roles } from '@b2b/auth';
import type { SubscriptionState } from '@b2b/messaging';

/** A consumer group of a service of this process, as its subscription reports it. */
export type ConsumerReport = SubscriptionState & { readonly service: string };

export interface ConsumerWatchdogOptions {
  /** A consumer not running for this long (restarting, stalled, joining) or failed gives up the process. */
  readonly giveUpAfterMs: number;
  /** Called once, with why; the service process logs it and exits non-zero so its supervisor restarts it. */
  readonly onGiveUp: (reason: string) => void;
  /** How often the consumers are looked at (default 1 s). */
  readonly everyMs?: number;
}

/** Services report here when they are ready to serve (databases open, subscriptions joined, relay
 *  running), and register their subscriptions: the process is ready only while every consumer group
 *  of it is running. */
@Injectable()
export class Readiness implements OnApplicationShutdown {
  private readonly expected = new Set<string>();
  private readonly ready = new Set<string>();
  private readonly consumers = new Map<string, { service: string; state: () => SubscriptionState }>();
  private watchdog: NodeJS.Timeout | null = null;

  expect(name: string): void {
    this.expected.add(name);
  }
  markReady(name: string): void {
    this.ready.add(name);
  }
  markDown(name: string): void {
    this.ready.delete(name);
  }

  /** Registers a subscription of `service`; returns the function that removes it again. */
  watchConsumer(service: string, state: () => SubscriptionState): () => void {
    const key = `${service}\u0000${state().group}`;
    const entry = { service, state };
    this.consumers.set(key, entry);
    return () => {
      if (this.consumers.get(key) === entry) this.consumers.delete(key);
    };
  }

  consumerReports(): ConsumerReport[] {
    return [...this.consumers.values()].map(({ service, state }) => ({ service, ...state() })).sort((a, b) => a.group.localeCompare(b.group));
  }

  status(): { ready: boolean; waitingFor: string[] } {
    const waitingFor = [...this.expected].filter((n) => !this.ready.has(n));
    for (const c of this.consumerReports()) {
      if (c.status !== 'running' && c.status !== 'closed') waitingFor.push(`consumer group ${c.group} (${c.status} since ${c.since})`);
    }
    return { ready: waitingFor.length === 0, waitingFor };
  }

  /** Gives up (once) when a consumer group has not been running for `giveUpAfterMs`, or has failed. */
  watchConsumers(options: ConsumerWatchdogOptions): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = setInterval(() => {
      const now = Date.now();
      const stuck = this.consumerReports().find(
        (c) => c.status === 'failed' || (c.status !== 'running' && c.status !== 'closed' && now - Date.parse(c.since) > options.giveUpAfterMs),
      );
      if (!stuck) return;
      if (this.watchdog) clearInterval(this.watchdog);
      this.watchdog = null;
      options.onGiveUp(`consumer group ${stuck.group} of ${stuck.service} has been ${stuck.status} since ${stuck.since}`
        + ` (longer than ${options.giveUpAfterMs} ms)${stuck.lastError ? `: ${stuck.lastError}` : ''}`);
    }, options.everyMs ?? 1000);
    this.watchdog.unref();
  }

  onApplicationShutdown(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
  }
}

class PartitionProgressView {
  @ApiProperty() readonly topic!: string;
  @ApiProperty() readonly partition!: number;
  @ApiProperty({ type: String, nullable: true, description: 'offset of the last message this member handled' }) readonly handledOffset!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'high watermark reported with the latest fetched batch' }) readonly highWatermark!: string | null;
  @ApiProperty({ description: 'highWatermark - next offset to handle, as of the latest batch' }) readonly lag!: number;
}

class ConsumerView {
  @ApiProperty() readonly service!: string;
  @ApiProperty() readonly group!: string;
  @ApiProperty({ enum: ['joining', 'running', 'stalled', 'restarting', 'failed', 'closed'] }) readonly status!: string;
  @ApiProperty({ description: 'when the status last changed' }) readonly since!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) readonly lastError!: string | null;
  @ApiProperty() readonly restarts!: number;
  @ApiProperty() readonly lag!: number;
  @ApiProperty({ type: [PartitionProgressView] }) readonly partitions!: PartitionProgressView[];
}

class ConsumersView {
  @ApiProperty({ enum: ['ok', 'degraded'] }) readonly status!: 'ok' | 'degraded';
  @ApiProperty({ type: [ConsumerView] }) readonly consumers!: ConsumerView[];
}

@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  /** 200 { status: 'ok' } once every service of this process is ready and every consumer group of it
   *  is running; 503 naming what it waits for otherwise. */
  @Get()
  @Public()
  @HttpCode(200)
  health(): { status: 'ok' } {
    const { ready, waitingFor } = this.readiness.status();
    if (!ready) throw new ServiceUnavailableException(`not ready: waiting for ${waitingFor.join(', ')}`);
    return { status: 'ok' };
  }

  /** Every consumer group of this process: status, last error, restarts and lag per partition.
   *  Supplier admins only: offsets and lag show the platform's business volume, and the errors name
   *  internal hosts. Always 200 (the readiness answer is GET /api/health). */
  @Get('consumers')
  @Roles('supplier-admin')
  @ApiOkResponse({ type: ConsumersView })
  consumers(): ConsumersView {
    const consumers = this.readiness.consumerReports();
    return { status: consumers.every((c) => c.status === 'running' || c.status === 'closed') ? 'ok' : 'degraded', consumers: consumers as ConsumerView[] };
  }
}

@Global()
@Module({ providers: [Readiness], exports: [Readiness], controllers: [HealthController] })
export class ReadinessModule {}
