import type { Page } from 'playwright-core';

/**
 * Chromium's virtual authenticator on `page` (the DevTools protocol's WebAuthn domain): a CTAP2 security key on USB
 * with resident keys and user verification, which answers the page's WebAuthn ceremonies as if touched and verified.
 * It lives as long as the page (navigations included). `credentialCount()` says how many credentials it holds;
 * `clearCredentials()` forgets them (the same device then makes new ones: a second key).
 */
export async function addVirtualAuthenticator(page: Page): Promise<{ credentialCount: () => Promise<number>; clearCredentials: () => Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
  });
  return {
    credentialCount: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.length,
    clearCredentials: async () => {
      await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
    },
  };
}
