import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import helmet from 'helmet';
import { SERVICES, routeOf, type Service } from './routes.js';

export type Upstreams = Readonly<Record<Service, string>>;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

const sendJson = (res: ServerResponse, statusCode: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

const errorBody = (statusCode: number, error: string, message: string) => ({ statusCode, error, message });

/** The gateway's own answers (health, docs, 404, 503) carry the same security headers as the services' (helmet). */
const secure = helmet({ contentSecurityPolicy: { directives: { defaultSrc: [`'none'`], frameAncestors: [`'none'`] } } });

/** The HTTP entry of the distributed run: routes /api/<segment> to its service (streaming, headers kept,
 *  so every service still checks the token itself), answers /api/health and /api/health/consumers for all
 *  services together and merges the services' OpenAPI documents at /api/docs-json. */
export const createGateway = (upstreams: Upstreams, timeoutMs = 30_000): Server =>
  createServer((req, res) => secure(req, res, () => {
    const path = req.url ?? '/';
    if (path === '/api/health') return void health(upstreams, res);
    if (path === '/api/docs-json') return void docs(upstreams, res);
    if (path === '/api/health/consumers') return void consumers(upstreams, req, res);
    const service = routeOf(path);
    if (!service) return sendJson(res, 404, errorBody(404, 'Not Found', `no service serves ${path.split('?')[0]}`));
    proxy(req, res, new URL(path, upstreams[service]), timeoutMs);
  }));

const proxy = (req: IncomingMessage, res: ServerResponse, target: URL, timeoutMs: number): void => {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  if (req.headers['transfer-encoding']) headers['transfer-encoding'] = req.headers['transfer-encoding'];
  // Appended, as proxies do: a service trusts the gateway (TRUSTED_PROXIES) and so takes this last entry
  // as the client, whatever the client itself put before it.
  const forwarded = req.headers['x-forwarded-for'];
  const client = req.socket.remoteAddress ?? '';
  headers['x-forwarded-for'] = forwarded ? `${Array.isArray(forwarded) ? forwarded.join(', ') : forwarded}, ${client}` : client;
  const upstream = httpRequest(target, { method: req.method, headers, timeout: timeoutMs }, (reply) => {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(reply.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
    for (const name of Object.keys(out)) res.removeHeader(name); // the service's own headers win over the gateway's
    res.writeHead(reply.statusCode ?? 502, out);
    reply.pipe(res);
  });
  upstream.on('timeout', () => upstream.destroy(new Error('upstream timed out')));
  // 503: the service refused the connection or could not be reached, so it never saw the request; 502: the
  // connection broke after the request went out (it may have been carried out: retry with the same
  // Idempotency-Key); 504: no answer in time (likewise).
  upstream.on('error', (error: NodeJS.ErrnoException) => {
    if (res.headersSent) return void res.destroy();
    if (error.message === 'upstream timed out') return sendJson(res, 504, errorBody(504, 'Gateway Timeout', `${target.host} did not answer within ${timeoutMs} ms; the request may have been carried out`));
    if (error.code === 'ECONNREFUSED' || error.code === 'EHOSTUNREACH' || error.code === 'ENOTFOUND') {
      return sendJson(res, 503, errorBody(503, 'Service Unavailable', `${target.host} is not answering: ${error.message}`));
    }
    sendJson(res, 502, errorBody(502, 'Bad Gateway', `the connection to ${target.host} broke (${error.code ?? error.message}); the request may have been carried out`));
  });
  req.pipe(upstream);
};

const fetchJson = async (url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> => {
  try {
    const reply = await fetch(url, { headers, signal: AbortSignal.timeout(5_000) });
    return { status: reply.status, body: await reply.json().catch(() => null) };
  } catch {
    return { status: 503, body: null };
  }
};

const health = async (upstreams: Upstreams, res: ServerResponse): Promise<void> => {
  const results = await Promise.all(SERVICES.map(async (s) => [s, (await fetchJson(`${upstreams[s]}/api/health`)).status] as const));
  const down = results.filter(([, status]) => status !== 200).map(([s]) => s);
  if (down.length === 0) sendJson(res, 200, { status: 'ok' });
  else sendJson(res, 503, errorBody(503, 'Service Unavailable', `starting or down: ${down.join(', ')}`));
};

/** Every service's consumer groups in one answer. Each service checks the caller's token itself (the
 *  first refusal, 401 or 403, is the answer); a service that does not answer is listed in `unreachable`
 *  and makes the status `degraded`. */
const consumers = async (upstreams: Upstreams, req: IncomingMessage, res: ServerResponse): Promise<void> => {
  const authorization = req.headers['authorization'];
  const replies = await Promise.all(SERVICES.map(async (s) => [s, await fetchJson(`${upstreams[s]}/api/health/consumers`, authorization ? { authorization } : {})] as const));
  const refused = replies.find(([, r]) => r.status === 401 || r.status === 403);
  if (refused) return sendJson(res, refused[1].status, refused[1].body);
  const groups: unknown[] = [];
  const unreachable: Service[] = [];
  let degraded = false;
  for (const [service, { status, body }] of replies) {
    const report = body as { status?: string; consumers?: unknown[] } | null;
    if (status !== 200 || !Array.isArray(report?.consumers)) unreachable.push(service);
    else {
      groups.push(...report.consumers);
      degraded ||= report.status !== 'ok';
    }
  }
  sendJson(res, 200, { status: degraded || unreachable.length > 0 ? 'degraded' : 'ok', consumers: groups, ...(unreachable.length > 0 ? { unreachable } : {}) });
};

const docs = async (upstreams: Upstreams, res: ServerResponse): Promise<void> => {
  const documents = await Promise.all(SERVICES.map((s) => fetchJson(`${upstreams[s]}/api/docs-json`)));
  const merged = { openapi: '3.0.0', info: { title: 'B2B order platform', version: '1' }, paths: {} as Record<string, unknown>, components: { schemas: {} as Record<string, unknown>, securitySchemes: {} as Record<string, unknown> } };
  for (const { body } of documents) {
    const doc = body as { paths?: Record<string, unknown>; components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> } } | null;
    Object.assign(merged.paths, doc?.paths ?? {});
    Object.assign(merged.components.schemas, doc?.components?.schemas ?? {});
    Object.assign(merged.components.securitySchemes, doc?.components?.securitySchemes ?? {});
  }
  sendJson(res, 200, merged);
};
