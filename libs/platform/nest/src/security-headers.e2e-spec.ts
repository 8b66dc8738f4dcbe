import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, Req } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { Public, authConfig } from '@b2b/auth';
import { createHttpApp } from './http-app.js';
import { PlatformModule } from './platform.module.js';

@Controller('whoami')
class WhoAmIController {
  @Get() @Public() ip(@Req() request: FastifyRequest): { ip: string } {
    return { ip: request.ip };
  }
}

@Module({ imports: [PlatformModule.forRoot({ auth: authConfig('s'.repeat(40)) })], controllers: [WhoAmIController] })
class TestModule {}

const boot = async (trustedProxies?: readonly string[]): Promise<{ app: NestFastifyApplication; url: string }> => {
  const app = await createHttpApp(TestModule, { title: 'test', logger: false, docsUi: false, ...(trustedProxies ? { trustedProxies } : {}) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  return { app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
};

/** The client address sign-in throttling keys on, and the security headers of every answer. */
describe('HTTP app: client address and security headers', () => {
  let loopback: { app: NestFastifyApplication; url: string };
  let elsewhere: { app: NestFastifyApplication; url: string };
  beforeAll(async () => {
    loopback = await boot();
    elsewhere = await boot(['10.1.2.3']);
  });
  afterAll(async () => {
    await loopback?.app.close();
    await elsewhere?.app.close();
  });
  const ip = async (url: string, xff?: string) => ((await (await fetch(`${url}/api/whoami`, { headers: xff ? { 'x-forwarded-for': xff } : {} })).json()) as { ip: string }).ip;

  it('believes X-Forwarded-For from a trusted proxy (loopback by default), taking the last address it did not add itself', async () => {
    expect(await ip(loopback.url)).toBe('127.0.0.1');
    expect(await ip(loopback.url, '203.0.113.9')).toBe('203.0.113.9');
    expect(await ip(loopback.url, '198.51.100.1, 203.0.113.9')).toBe('203.0.113.9'); // what the client claimed first is not believed
  });

  it('ignores X-Forwarded-For from anyone not trusted', async () => {
    expect(await ip(elsewhere.url, '203.0.113.9')).toBe('127.0.0.1');
  });

  it('sends helmet’s headers and a CSP on every answer, errors included', async () => {
    const requests: [string, RequestInit][] = [
      ['/api/whoami', {}], ['/api/no-such-route', {}],
      ['/api/whoami', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }], // 415 from the platform's own hook
    ];
    for (const [path, init] of requests) {
      const res = await fetch(`${loopback.url}${path}`, init);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    }
  });
});
