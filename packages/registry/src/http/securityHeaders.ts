import type { Middleware } from 'koa';
import helmet from 'koa-helmet';
import type { RegistryConfig } from '../config/RegistryConfig.js';

/**
 * Headers every answer carries, set by koa-helmet (helmet's maintained set): no MIME sniffing, no framing
 * (clickjacking of the forms), no cross-origin referrers (same-origin, as before), and a Content-Security-Policy
 * that allows scripts, styles, fonts and forms from this origin only: no inline script or style, no plugins, no
 * <base>. Images may also be data: URLs. HSTS only when the public URL is https (over http browsers ignore it, and
 * it must not follow a registry that is moved behind TLS later by surprise).
 */
export function securityHeaders(config: Pick<RegistryConfig, 'publicUrl'>): Middleware {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: config.publicUrl.startsWith('https:') ? { maxAge: 31_536_000 } : false,
  });
}
