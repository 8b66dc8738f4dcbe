import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createGateway, type Upstreams } from './gateway.js';

const listen = (server: TcpServer | Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

/** What a client learns from the gateway when a service fails it: whether the request may have been
 *  carried out decides whether a retry needs the same Idempotency-Key. */
describe('gateway: a failing upstream', () => {
  let gateway: Server;
  let url: string;
  const sockets: TcpServer[] = [];

  beforeAll(async () => {
    const refusing = createTcpServer();
    const refusedPort = await listen(refusing);
    await new Promise((resolve) => refusing.close(resolve)); // nothing listens there any more
    const breaking = createTcpServer((socket) => socket.once('data', () => socket.destroy()));
    const silent = createTcpServer(() => undefined);
    sockets.push(breaking, silent);
    const at = (port: number) => `http://127.0.0.1:${port}`;
    const upstreams: Upstreams = {
      agreements: at(refusedPort), catalog: at(await listen(breaking)), ordering: at(await listen(silent)),
      approvals: at(refusedPort), invoicing: at(refusedPort), delivery: at(refusedPort),
    };
    gateway = createGateway(upstreams, 500);
    url = `http://127.0.0.1:${await listen(gateway)}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => gateway.close(resolve));
    for (const s of sockets) s.close();
  });

  const post = async (path: string) => {
    const reply = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return { status: reply.status, body: (await reply.json()) as { statusCode: number; message: string } };
  };

  it('answers 503 when the service refused the connection: it never saw the request', async () =>
    expect(await post('/api/companies')).toMatchObject({ status: 503, body: { statusCode: 503, message: expect.stringContaining('not answering') } }));

  it('answers 502 when the connection broke after the request went out: it may have been carried out', async () =>
    expect(await post('/api/products')).toMatchObject({ status: 502, body: { statusCode: 502, message: expect.stringContaining('may have been carried out') } }));

  it('answers 504 when the service does not answer in time', async () =>
    expect(await post('/api/orders')).toMatchObject({ status: 504, body: { statusCode: 504, message: expect.stringContaining('may have been carried out') } }));
});
