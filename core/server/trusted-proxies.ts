import { isIP } from 'node:net';
import { CoreError } from '../common/core-error.js';

/**
 * Checks the configured trusted proxies, each an IPv4/IPv6 address or a CIDR range
 * (`10.0.0.0/8`, `fd00::/8`), and answers them for Fastify's `trustProxy`, or `false` when there
 * are none (then X-Forwarded-* headers are ignored). Throws `CONFIG_INVALID` naming a bad entry.
 */
export function trustProxySetting(trustedProxies: readonly string[] | undefined): string[] | false {
  if (!trustedProxies || trustedProxies.length === 0) return false;
  return trustedProxies.map((raw) => {
    const entry = raw.trim();
    const slash = entry.indexOf('/');
    const address = slash === -1 ? entry : entry.slice(0, slash);
    const version = isIP(address);
    const bits = slash === -1 ? undefined : entry.slice(slash + 1);
    const validBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32));
    if (version === 0 || !validBits) {
      throw new CoreError('CONFIG_INVALID', `Trusted proxy "${raw}" is not an IP address or CIDR range (such as 127.0.0.1 or 10.0.0.0/8).`);
    }
    return entry;
  });
}
