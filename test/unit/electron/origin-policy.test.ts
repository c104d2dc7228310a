/** Which browser pages may open a workshop connection. */
import { describe, expect, it } from 'vitest';
import { checkOrigin } from '../../../electron/peer/origin-policy';

const policy = {
  names: ['ada-laptop', 'ada-laptop.local'],
  extraOrigins: ['https://canopy.example.org'],
};
const ok = (origin: string | undefined, host: string | undefined) =>
  checkOrigin(origin, host, policy).ok;

describe('checkOrigin', () => {
  it('lets peers without an Origin through (Node, the desktop app)', () => {
    expect(ok(undefined, '192.168.1.5:4455')).toBe(true);
    expect(ok(undefined, undefined)).toBe(true);
  });

  it('accepts the page this peer served, by address or by its own name', () => {
    expect(ok('http://192.168.1.5:4455', '192.168.1.5:4455')).toBe(true);
    expect(ok('http://[fe80::1]:4455', '[fe80::1]:4455')).toBe(true);
    expect(ok('http://localhost:4455', 'localhost:4455')).toBe(true);
    expect(ok('http://ada-laptop.local:4455', 'ada-laptop.local:4455')).toBe(true);
    expect(ok('http://192.168.1.5', '192.168.1.5')).toBe(true);
  });

  it('refuses any other page', () => {
    expect(ok('http://evil.example', '192.168.1.5:4455')).toBe(false);
    expect(ok('http://192.168.1.5:8080', '192.168.1.5:4455')).toBe(false);
    expect(ok('null', '192.168.1.5:4455')).toBe(false);
    expect(ok('file://', '192.168.1.5:4455')).toBe(false);
    expect(ok('chrome-extension://abc', 'abc')).toBe(false);
    expect(ok('http://192.168.1.5:4455', undefined)).toBe(false);
  });

  it('refuses a page whose name was rebound to this machine (DNS rebinding)', () => {
    const verdict = checkOrigin('http://evil.example:4455', 'evil.example:4455', policy);
    expect(verdict).toEqual({ ok: false, why: expect.stringMatching(/does not answer to/) });
  });

  it('accepts origins the host was told about (a TLS proxy in front)', () => {
    expect(ok('https://canopy.example.org', 'canopy.example.org')).toBe(true);
    expect(ok('https://canopy.example.org', 'anything')).toBe(true);
  });
});
