import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium (scripts/install-debian-packages.sh), driven by playwright-core, headless: never a browser
 * playwright downloads. --no-sandbox only as root (Chromium refuses to start sandboxed then); background networking,
 * component updates and first-run tasks off, so that a test talks to nothing but its own registry.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.KEYBRIDGE_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-sync',
      '--disable-extensions',
      '--disable-domain-reliability',
      '--disable-client-side-phishing-detection',
      '--metrics-recording-only',
      '--no-default-browser-check',
      '--no-first-run',
      '--no-pings',
    ],
  });
}
