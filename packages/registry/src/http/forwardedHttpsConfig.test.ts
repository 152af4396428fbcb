import { describe, expect, it } from 'vitest';
import { loadRegistryConfig } from '../config/loadRegistryConfig.js';
import { forwardedHttpsConfig } from './forwardedHttpsConfig.js';

const config = (env: Record<string, string>) => loadRegistryConfig({ env: { KEYBRIDGE_TRUST_PROXY: 'true', ...env }, cwd: '/srv' });

describe('forwardedHttpsConfig', () => {
  it('answers a trusted https request as https://<its host>, keeping the configured path', () => {
    expect(forwardedHttpsConfig(config({}), { protocol: 'https', host: 'pypi.example' })?.publicUrl).toBe('https://pypi.example');
    expect(forwardedHttpsConfig(config({}), { protocol: 'https', host: 'pypi.example:8443' })?.publicUrl).toBe('https://pypi.example:8443');
    expect(forwardedHttpsConfig(config({ KEYBRIDGE_PUBLIC_URL: 'http://pypi.example/index' }), { protocol: 'https', host: 'pypi.example' })?.publicUrl).toBe(
      'https://pypi.example/index',
    );
  });

  it('keeps the configured URL for plain http, an untrusted proxy, an https public URL and a malformed host', () => {
    expect(forwardedHttpsConfig(config({}), { protocol: 'http', host: 'pypi.example' })).toBeNull();
    expect(forwardedHttpsConfig(config({ KEYBRIDGE_TRUST_PROXY: 'false' }), { protocol: 'https', host: 'pypi.example' })).toBeNull();
    expect(forwardedHttpsConfig(config({ KEYBRIDGE_PUBLIC_URL: 'https://pypi.example' }), { protocol: 'https', host: 'other.example' })).toBeNull();
    for (const host of ['', 'a.example/evil', 'user@a.example', 'a.example:99999x', 'a b']) {
      expect(forwardedHttpsConfig(config({}), { protocol: 'https', host }), host).toBeNull();
    }
  });
});
