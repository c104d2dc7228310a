/**
 * The host's HTTP server over a real socket: it serves the app's files and nothing
 * else. A seeded fuzz of request paths (traversal, encoded dots and slashes, long
 * paths) must never return a file outside the web root.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostHttpServer, HOST_MARKER_PATH } from '../../electron/host/http-server';
import { PROTOCOL_VERSION } from '../../shared/sync';

const SECRET = 'SECRET-OUTSIDE-THE-WEB-ROOT';
let base: string;
let root: string;
let port: number;
let close: () => Promise<void>;

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'canopy-http-'));
  root = path.join(base, 'web');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Canopy</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(base, 'secret.txt'), SECRET);
  writeFileSync(path.join(base, 'web-secret.txt'), SECRET);
  const server = createHostHttpServer(root);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  close = () => new Promise((r) => server.close(() => r()));
});

afterAll(async () => {
  await close();
  rmSync(base, { recursive: true, force: true });
});

/** Sends the path exactly as given (no normalisation by a client library). */
function get(rawPath: string, method = 'GET') {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

/** A small seeded generator, so a failing path can be replayed from its seed. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

const PIECES = [
  '..',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '%2e.',
  '..%2f',
  '..%5c',
  '%2f',
  '%5c',
  '\\',
  '%00',
  '.',
  '%2e',
  '...',
  '.. ',
  '%c0%ae%c0%ae',
  '%252e%252e',
  'secret.txt',
  'web-secret.txt',
  'index.html',
  'assets',
  'app.js',
  '',
  '//',
  ';',
  '?x=1',
  '#',
  'C:',
  '%3a',
];

describe('host HTTP server', () => {
  it('serves the app with security headers, and its marker', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Canopy</title>');
    expect(index.headers['content-security-policy']).toContain("default-src 'self'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['x-frame-options']).toBe('DENY');
    expect((await get('/assets/app.js')).status).toBe(200);
    expect(JSON.parse((await get(HOST_MARKER_PATH)).body)).toEqual({
      canopyHost: true,
      protocol: PROTOCOL_VERSION,
    });
  });

  it('lists no folders and accepts only GET and HEAD', async () => {
    expect((await get('/assets/')).status).toBe(404);
    expect((await get('/assets')).status).toBe(404);
    expect((await get('/', 'POST')).status).toBe(405);
    expect((await get('/', 'DELETE')).status).toBe(405);
    expect((await get('/', 'HEAD')).body).toBe('');
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/../../secret.txt',
    '//etc/passwd',
    'http://127.0.0.1/../secret.txt',
    '/%00/../secret.txt',
    `/${'a/'.repeat(2000)}index.html`,
  ])('refuses %s', async (p) => {
    const response = await get(p);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.body).not.toContain(SECRET);
  });

  it('a seeded fuzz of 2,000 paths never reaches a file outside the web root', async () => {
    const seed = 20261121;
    const random = rng(seed);
    for (let i = 0; i < 2000; i++) {
      const parts = Array.from(
        { length: 1 + Math.floor(random() * 8) },
        () => PIECES[Math.floor(random() * PIECES.length)]!,
      );
      const p = `/${parts.join(random() < 0.5 ? '/' : '')}`;
      const response = await get(p).catch(() => ({ status: 400, body: '' }));
      expect(response.body, `seed ${seed}, request ${i}: ${p}`).not.toContain(SECRET);
      if (response.status === 200)
        expect(['<!doctype html><title>Canopy</title>', 'console.log(1)']).toContain(response.body);
    }
  }, 60_000);
});
