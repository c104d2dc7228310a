import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentTypeFor,
  createAppProtocolHandler,
  resolveAppRequest,
} from '../../../electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../electron/security-policy';

let base: string;
let root: string;
const INDEX = '<!doctype html><title>Canopy</title>';
const SECRET = 'top secret';

beforeAll(async () => {
  // base/secret.txt sits next to base/renderer, the served root.
  base = await mkdtemp(path.join(tmpdir(), 'canopy-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), INDEX);
  await writeFile(path.join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(path.join(base, 'secret.txt'), SECRET);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') =>
  createAppProtocolHandler({ root })(new Request(url, { method }));

describe('resolveAppRequest', () => {
  it('maps app URLs to files inside the root', () => {
    expect(resolveAppRequest('app://canopy/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppRequest('app://canopy/assets/app-1234.js?v=1#x', root)).toBe(
      path.join(root, 'assets', 'app-1234.js'),
    );
    expect(resolveAppRequest('app://canopy/assets/my%20font.woff2', root)).toBe(
      path.join(root, 'assets', 'my font.woff2'),
    );
  });

  it('refuses encoded traversal, absolute paths, backslashes and drive letters', () => {
    for (const url of [
      'app://canopy/..%2fsecret.txt',
      'app://canopy/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://canopy/%2e%2e%5csecret.txt',
      'app://canopy/assets%5c..%5c..%5csecret.txt',
      'app://canopy//etc/passwd',
      'app://canopy/%2fetc%2fpasswd',
      'app://canopy/C:%5cWindows%5cwin.ini',
      'app://canopy/C:/Windows/win.ini',
      'app://canopy/index.html%00.png',
      'app://canopy/%E0%A4%A', // malformed escape
    ]) {
      expect(resolveAppRequest(url, root), url).toBeNull();
    }
  });

  it('keeps dot segments that the URL parser collapses inside the root', () => {
    for (const url of [
      'app://canopy/../secret.txt',
      'app://canopy/assets/../../secret.txt',
      'app://canopy/%2e%2e/secret.txt',
    ]) {
      const resolved = resolveAppRequest(url, root);
      expect(resolved === null || resolved.startsWith(root + path.sep), url).toBe(true);
    }
  });

  it('refuses other schemes and hosts', () => {
    expect(resolveAppRequest('app://evil/index.html', root)).toBeNull();
    expect(resolveAppRequest('file:///index.html', root)).toBeNull();
    expect(resolveAppRequest('not a url', root)).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it('knows the renderer build outputs', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/x/a.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('/x/a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/x/a.wasm')).toBe('application/wasm');
    expect(contentTypeFor('/x/unknown.bin')).toBe('application/octet-stream');
  });
});

describe('createAppProtocolHandler', () => {
  it('serves index.html with the CSP and nosniff headers', async () => {
    const response = await get('app://canopy/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(INDEX);
  });

  it('serves the root as index.html and assets with their type', async () => {
    expect(await (await get('app://canopy/')).text()).toBe(INDEX);
    const script = await get('app://canopy/assets/app-1234.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 with the CSP for unknown files, folders and traversal attempts', async () => {
    for (const url of [
      'app://canopy/missing.js',
      'app://canopy/assets',
      'app://canopy/../secret.txt',
      'app://canopy/..%2fsecret.txt',
      'app://canopy/%2e%2e/secret.txt',
      'app://canopy/%5c..%5csecret.txt',
      `app://canopy/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text(), url).not.toContain(SECRET);
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://canopy/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(INDEX.length));
    expect(await head.text()).toBe('');
    expect((await get('app://canopy/index.html', 'POST')).status).toBe(405);
  });
});
