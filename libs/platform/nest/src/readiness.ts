import { Controller, Get, Global, HttpCode, Injectable, Module, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '@b2b/auth';

/** Services report here when they are ready to serve (databases open, subscriptions joined, relay running). */
@Injectable()
export class Readiness {
  private readonly expected = new Set<string>();
  private readonly ready = new Set<string>();

  expect(name: string): void {
    this.expected.add(name);
  }
  markReady(name: string): void {
    this.ready.add(name);
  }
  markDown(name: string): void {
    this.ready.delete(name);
  }
  status(): { ready: boolean; waitingFor: string[] } {
    const waitingFor = [...this.expected].filter((n) => !this.ready.has(n));
    return { ready: waitingFor.length === 0, waitingFor };
  }
}

@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  /** 200 { status: 'ok' } once every service of this process is ready, 503 before. */
  @Get()
  @Public()
  @HttpCode(200)
  health(): { status: 'ok' } {
    const { ready, waitingFor } = this.readiness.status();
    if (!ready) throw new ServiceUnavailableException(`starting: waiting for ${waitingFor.join(', ')}`);
    return { status: 'ok' };
  }
}

@Global()
@Module({ providers: [Readiness], exports: [Readiness], controllers: [HealthController] })
export class ReadinessModule {}
