/** IPv4 loopback block 127.0.0.0/8 (the URL parser has already normalised the address). */
const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
/** IPv4-mapped IPv6 loopback, as the URL parser writes it: [::ffff:7fxx:xxxx]. */
const MAPPED_LOOPBACK = /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/;

/**
 * True when `url` points at this device: `localhost`, `*.localhost`, 127.0.0.0/8 or `[::1]`.
 * Anything else (a LAN address, a host name, an unparseable URL) counts as leaving the device,
 * so the UI errs on the side of warning.
 */
export function isLocalUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]') return true;
  return IPV4_LOOPBACK.test(host) || MAPPED_LOOPBACK.test(host);
}
