import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { Body, Controller, Get, Module, Post, Query } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsString } from 'class-validator';
import { createHttpApp } from './http-app.js';

class EchoRequest {
  @IsString() readonly name!: string;
}

@Controller('echo')
class EchoController {
  @Post()
  echo(@Body() body: EchoRequest): { name: string } {
    return { name: body.name };
  }

  @Get()
  find(@Query('q') q?: string): { q: string | null } {
    return { q: q ?? null };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

let app: NestFastifyApplication;
let url: string;

beforeAll(async () => {
  app = await createHttpApp(EchoModule, { title: 'edge', logger: false, docsUi: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/echo`;
});
afterAll(async () => {
  await app?.close();
});
const post = async (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** A chunked upload (no content-length) over plain node:http. */
const postChunked = (chunks: number, chunk: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    for (let i = 0; i < chunks; i++) req.write(chunk);
    req.end();
  });

describe('the HTTP edge (createHttpApp)', () => {
  it('answers a readable 413 to bodies over the limit, every time (no reset connection)', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(10_000_000) });
    for (let i = 0; i < 10; i++) {
      expect(await post(big)).toEqual({ status: 413, body: { statusCode: 413, error: 'Payload Too Large', message: 'body: larger than the limit of 1048576 bytes', code: 'INPUT.BODY_TOO_LARGE' } });
    }
    expect((await post(JSON.stringify({ name: 'ok' }))).body).toEqual({ name: 'ok' });
  });
  it('refuses a chunked body over the limit with a 413 after reading it', async () => {
    const reply = await postChunked(40, 'x'.repeat(65_536));
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ statusCode: 413, code: 'INPUT.BODY_TOO_LARGE' });
  });
  it('parses valid JSON with a __proto__ key and refuses the key by name; malformed JSON is a 400 naming the body', async () => {
    expect(await post('{"__proto__":{"polluted":true},"name":"x"}')).toMatchObject({ status: 400, body: { code: 'INPUT.FORBIDDEN_KEY', message: 'body.__proto__: the key "__proto__" is not allowed' } });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(await post('{"name":')).toMatchObject({ status: 400, body: { code: 'INPUT.INVALID_JSON', message: expect.stringContaining('body: not valid JSON') } });
    expect(await post(' ')).toMatchObject({ status: 400, body: { code: 'INPUT.EMPTY_BODY' } });
    expect(await post('{"name":1}')).toMatchObject({ status: 400, body: { message: 'name must be a string' } });
  });

  it('checks the query string decoded, naming the parameter', async () => {
    const get = async (query: string) => {
      const res = await fetch(`${url}?${query}`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await get('q=M%C3%BCller+M8')).toEqual({ status: 200, body: { q: 'Müller M8' } });
    expect(await get('q=a%00b')).toMatchObject({ status: 400, body: { code: 'INPUT.NUL_CHARACTER', message: 'query.q: contains a NUL character' } });
    expect(await get('q=%E0%A4%A')).toMatchObject({ status: 400, body: { code: 'INPUT.BAD_ENCODING', message: expect.stringContaining('query.q') } });
    expect(await get('q=%ED%A0%80')).toMatchObject({ status: 400, body: { code: 'INPUT.BAD_ENCODING' } });
  });

  it('answers other content types 415, after reading the body', async () => {
    expect(await post('x'.repeat(3_000_000), { 'content-type': 'text/plain' })).toMatchObject({ status: 415, body: { statusCode: 415, error: 'Unsupported Media Type' } });
  });
});
