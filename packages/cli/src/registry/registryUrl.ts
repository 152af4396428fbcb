import { CliError } from '../program/CliError.js';

/**
 * The registry as the CLI names it: its public URL (the one its pages are on, whose host is the security keys' RP
 * ID), without a trailing slash, query or fragment. Anything but an absolute http(s) URL is a usage error.
 */
export function registryUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError('USAGE', `--registry wants the registry's URL (e.g. https://registry.example.org), not "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError('USAGE', `--registry wants an http(s) URL, not "${text}"`);
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}
