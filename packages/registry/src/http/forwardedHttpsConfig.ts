import type { Context } from 'koa';
import type { RegistryConfig } from '../config/RegistryConfig.js';

/**
 * Behind a TLS-terminating proxy that is trusted (KEYBRIDGE_TRUST_PROXY), a request that came over https
 * (X-Forwarded-Proto: https) while the public URL is http — typically because KEYBRIDGE_PUBLIC_URL was not set — is
 * answered as if the public URL were `https://<the host it was sent to>` (X-Forwarded-Host, else Host) with the
 * configured path: session and CSRF cookies get Secure, absolute URLs and help links say https. Returns that request's
 * config, or null to keep the configured one (an https public URL, an untrusted proxy, a plain http request).
 */
export function forwardedHttpsConfig(config: RegistryConfig, ctx: Pick<Context, 'protocol' | 'host'>): RegistryConfig | null {
  if (!config.trustProxy || ctx.protocol !== 'https' || !config.publicUrl.startsWith('http:')) return null;
  const host = ctx.host;
  // Only a plain host[:port] (what a browser sends): anything else keeps the configured URL.
  if (!/^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host)) return null;
  let url: URL;
  try {
    url = new URL(`https://${host}`);
    url.pathname = new URL(config.publicUrl).pathname;
  } catch {
    return null;
  }
  return { ...config, publicUrl: url.href.replace(/\/+$/, '') };
}
