import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isSafeExternalUrl,
  originOf,
  parseDevServerUrl,
} from '../../../electron/security-policy';

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources.join(' ')];
    }),
  );
}

describe('CONTENT_SECURITY_POLICY', () => {
  it('is strict: only own scripts, no objects, no framing, no base or form targets', () => {
    const csp = directives(CONTENT_SECURITY_POLICY);
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(csp.get('img-src')).toBe("'self' data: blob:");
    expect(csp.get('font-src')).toBe("'self' data:");
    expect(csp.get('connect-src')).toBe("'self' ws: wss:");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});

describe('originOf', () => {
  it('builds origins for custom schemes, which Node reports as "null"', () => {
    expect(originOf('app://canopy/index.html')).toBe(APP_ORIGIN);
    expect(originOf('http://localhost:5173/x?y')).toBe('http://localhost:5173');
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });
});

describe('isAllowedNavigation', () => {
  it('allows the app origin only', () => {
    expect(isAllowedNavigation('app://canopy/index.html#/doc/1', APP_ORIGIN)).toBe(true);
    expect(isAllowedNavigation('https://evil.example/', APP_ORIGIN)).toBe(false);
    expect(isAllowedNavigation('app://other/index.html', APP_ORIGIN)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', APP_ORIGIN)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', APP_ORIGIN)).toBe(false);
  });

  it('compares host and port, not a prefix', () => {
    const dev = 'http://localhost:5173';
    expect(isAllowedNavigation('http://localhost:5173/', dev)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', dev)).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173.evil.example/', dev)).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  it('accepts plain http(s) links', () => {
    expect(isSafeExternalUrl('https://example.com/docs')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
  });

  it('refuses other protocols, credentials and garbage', () => {
    for (const url of [
      'file:///C:/Windows/system32/calc.exe',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id',
      'https://bank.example@evil.example/',
      'not a url',
      '',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});

describe('parseDevServerUrl', () => {
  it('accepts loopback http servers only', () => {
    expect(parseDevServerUrl('http://localhost:5173')?.origin).toBe('http://localhost:5173');
    expect(parseDevServerUrl('http://127.0.0.1:5173/')?.origin).toBe('http://127.0.0.1:5173');
    expect(parseDevServerUrl(undefined)).toBeNull();
    expect(parseDevServerUrl('')).toBeNull();
    expect(parseDevServerUrl('https://evil.example')).toBeNull();
    expect(parseDevServerUrl('file:///tmp/index.html')).toBeNull();
    expect(parseDevServerUrl('http://localhost.evil.example:5173')).toBeNull();
  });
});
