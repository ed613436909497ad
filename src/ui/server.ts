import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { handleApi, type ApiResponse } from './api.js';
import { loadAssets, type Asset } from './assets.js';
import { RunRegistry } from './runs.js';
import { EventHub } from './sse.js';

export interface UiOptions {
  runsDir: string;
  host?: string;
  port?: number;
  /** Required on every API call; generated when binding beyond loopback and none is given. */
  token?: string;
  /** How often live runs are checked for new commits (ms). */
  pollMs?: number;
}

export interface UiServer {
  url: string;
  token: string | undefined;
  server: Server;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const MAX_BODY = 64 * 1024;

export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || host.startsWith('127.');

/** Starts the dashboard server; resolves once it listens. */
export async function startUi(options: UiOptions): Promise<UiServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? (isLoopback(host) ? undefined : randomBytes(18).toString('base64url'));
  const runs = new RunRegistry(options.runsDir);
  const hub = new EventHub(runs, options.pollMs ?? 500);
  const assets = await loadAssets();
  const server = createServer((req, res) => {
    serve(req, res, { runs, hub, assets, token, loopback: isLoopback(host) }).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: (error as Error).message }, req);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    token,
    server,
    close: async () => {
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      runs.close();
    },
  };
}

interface Context {
  runs: RunRegistry;
  hub: EventHub;
  assets: Map<string, Asset>;
  token: string | undefined;
  loopback: boolean;
}

async function serve(req: IncomingMessage, res: ServerResponse, ctx: Context): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  // A loopback server checks Host so that a web page cannot reach it through DNS rebinding.
  if (ctx.loopback && !isLoopback((req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, ''))) {
    return send(res, 403, { error: 'unexpected Host header' }, req);
  }
  if (!url.pathname.startsWith('/api/')) {
    const asset =
      ctx.assets.get(url.pathname) ?? (url.pathname.startsWith('/assets/') ? undefined : ctx.assets.get('/'));
    if (!asset) return send(res, 404, { error: 'not found' }, req);
    res.setHeader('Cache-Control', 'no-cache');
    return sendBody(res, 200, asset.body, asset.type, req);
  }
  if (ctx.token !== undefined && !tokenOk(req, url, ctx.token)) return send(res, 401, { error: 'token required' }, req);
  const parts = url.pathname.slice('/api/'.length).split('/').filter(Boolean).map(decodeURIComponent);
  if (req.method === 'GET' && parts[0] === 'runs' && parts[2] === 'events' && parts.length === 3) {
    if (!ctx.runs.reader(parts[1]!)) return send(res, 404, { error: `run ${parts[1]} not found` }, req);
    return ctx.hub.subscribe(parts[1]!, res);
  }
  let body: unknown;
  if (req.method === 'POST') {
    // JSON only: a cross-site form cannot send it without a CORS preflight this server never grants.
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return send(res, 415, { error: 'send application/json' }, req);
    try {
      body = JSON.parse(await readBody(req));
    } catch (error) {
      return send(res, 400, { error: `bad request body: ${(error as Error).message}` }, req);
    }
  }
  const out: ApiResponse = handleApi(ctx.runs, { method: req.method ?? 'GET', parts, query: url.searchParams, body });
  if ('text' in out) return sendBody(res, out.status, Buffer.from(out.text), out.type, req);
  send(res, out.status, out.json, req);
}

function tokenOk(req: IncomingMessage, url: URL, token: string): boolean {
  const header = req.headers.authorization ?? '';
  // EventSource cannot set headers, so the token may also come as ?token=.
  const given = header.startsWith('Bearer ') ? header.slice(7) : (url.searchParams.get('token') ?? '');
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error(`larger than ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, json: unknown, req: IncomingMessage): void {
  sendBody(res, status, Buffer.from(JSON.stringify(json)), 'application/json; charset=utf-8', req);
}

function sendBody(res: ServerResponse, status: number, body: Buffer, type: string, req: IncomingMessage): void {
  res.setHeader('Content-Type', type);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Program tables of large runs are mostly repeated digits: gzip makes them ~5x smaller.
  if (body.length > 2048 && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    body = gzipSync(body, { level: 1 });
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.writeHead(status, { 'Content-Length': body.length });
  res.end(body);
}
