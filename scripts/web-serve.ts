// npm run web [-- --port N]: builds the web companion into dist/web/ and
// serves it on http://localhost:PORT (default 8080; 0 picks a free port).
// Web Bluetooth needs a secure page, and localhost is one; the Bluetooth
// library also insists on the name "localhost" over plain http, so that is
// the address printed.
import { createReadStream, statSync } from 'fs';
import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { parseFlags } from '../sim/cli/args';
import { buildWeb, WEB_DIR } from './web-build';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** A static server for `root` only (no directory listing, nothing outside it). */
export function serveStatic(root: string, port: number, host = 'localhost'): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('bad path');
      return;
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root + path.sep) || req.method !== 'GET') {
      res.writeHead(req.method !== 'GET' ? 405 : 403).end();
      return;
    }
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

export function parsePort(v: unknown): number {
  if (v === undefined) return 8080;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!(n >= 0 && n <= 65535)) throw new Error(`--port must be a whole number 0..65535 (got ${String(v)})`);
  return n;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { port: 'value' });
  const port = parsePort(flags.port);
  await buildWeb();
  const server = await serveStatic(WEB_DIR, port);
  const addr = server.address() as AddressInfo;
  console.log(`Web companion: http://localhost:${addr.port}/  (Ctrl-C stops it)`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`web: ${(e as Error).message}`);
    process.exit(1);
  });
}
