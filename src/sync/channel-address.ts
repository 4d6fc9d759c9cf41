import net from 'node:net';

/**
 * Where a channel may send its credentials. A channel's base URL is typed in by staff, and the
 * sync worker sends the marketplace credentials and our catalogue to it; pointed at a cloud
 * metadata address, an internal service or a database port, it would turn the worker into a
 * way into the company's network. So: https only in production (plain http only to loopback
 * simulators outside production), no user:password@ in the URL, and no private, loopback,
 * link-local, metadata or otherwise special addresses unless the operators name them in
 * MARKETPLACE_ALLOWED_HOSTS. Host names are checked again when they resolve (see
 * `addressAllowed`), so a name that points at a private address is refused as well.
 */

/** The policy the configuration sets. */
export function addressPolicy(config: { production: boolean; marketplaceAllowedHosts: readonly string[] }): AddressPolicy {
  return { production: config.production, allowedHosts: config.marketplaceAllowedHosts };
}

export interface AddressPolicy {
  production: boolean;
  /** Host names, addresses and subnets (CIDR) allowed although special (MARKETPLACE_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
}

/** Ranges no marketplace lives in: private, shared, loopback, link-local, multicast, reserved, and the documentation nets. */
const SPECIAL_V4 = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24', '192.0.2.0/24',
  '192.88.99.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
];
const SPECIAL_V6 = ['::/128', '::1/128', '64:ff9b:1::/48', '100::/64', '2001:db8::/32', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8'];
const LOOPBACK_V4 = '127.0.0.0/8';

/** Names cloud providers answer metadata requests on, whatever they resolve to. */
const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

function blockList(v4: string[], v6: string[]): net.BlockList {
  const list = new net.BlockList();
  for (const cidr of v4) {
    const [addr, bits] = cidr.split('/');
    list.addSubnet(addr, Number(bits), 'ipv4');
  }
  for (const cidr of v6) {
    const [addr, bits] = cidr.split('/');
    list.addSubnet(addr, Number(bits), 'ipv6');
  }
  return list;
}

const SPECIAL = blockList(SPECIAL_V4, SPECIAL_V6);
const LOOPBACK = blockList([LOOPBACK_V4], ['::1/128']);

/** An IPv4 address hidden in an IPv6 one (::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d, ::a.b.c.d), or undefined. */
function embeddedV4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::|::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return undefined;
  const hi = parseInt(hex[1], 16);
  const lo = parseInt(hex[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Turns the allow-list into a block list of its addresses and subnets plus a set of its names. */
function allowList(entries: readonly string[]): { names: Set<string>; nets: net.BlockList } {
  const names = new Set<string>();
  const nets = new net.BlockList();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase().replace(/^\[|\]$/g, '');
    if (!entry) continue;
    const [addr, bits] = entry.split('/');
    const family = net.isIP(addr);
    if (family === 4) nets.addSubnet(addr, bits ? Number(bits) : 32, 'ipv4');
    else if (family === 6) nets.addSubnet(addr, bits ? Number(bits) : 128, 'ipv6');
    else names.add(entry.replace(/\.$/, ''));
  }
  return { names, nets };
}

const allowCache = new WeakMap<readonly string[], ReturnType<typeof allowList>>();
function allowed(policy: AddressPolicy): ReturnType<typeof allowList> {
  let a = allowCache.get(policy.allowedHosts);
  if (!a) allowCache.set(policy.allowedHosts, (a = allowList(policy.allowedHosts)));
  return a;
}

function isLoopback(address: string): boolean {
  const v4 = embeddedV4(address);
  if (v4) return LOOPBACK.check(v4, 'ipv4');
  const family = net.isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Whether the worker may connect to this IP address: a public address, an allow-listed one,
 * or (outside production) loopback. Used on every resolved address before a connection.
 */
export function addressAllowed(address: string, policy: AddressPolicy): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  const { nets } = allowed(policy);
  const v4 = embeddedV4(address);
  if (nets.check(address, family === 4 ? 'ipv4' : 'ipv6') || (v4 && nets.check(v4, 'ipv4'))) return true;
  if (!policy.production && isLoopback(address)) return true;
  if (v4) return !SPECIAL.check(v4, 'ipv4');
  return !SPECIAL.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** What is wrong with a base URL, as a userError code and message; undefined when it may be used. */
export type AddressProblem = { code: 'INVALID_URL' | 'URL_NOT_ALLOWED'; message: string };

/**
 * Checks a channel's base URL against the policy. Host names other than metadata names and
 * `localhost` pass here and are checked on every connection (`addressAllowed`).
 */
export function checkBaseUrl(value: string, policy: AddressPolicy): AddressProblem | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { code: 'INVALID_URL', message: 'The base URL must be an https address such as https://api.example.com' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { code: 'INVALID_URL', message: 'The base URL must be an https address' };
  if (url.username || url.password) return { code: 'INVALID_URL', message: 'The base URL must not carry a user name or password; credentials go in the channel credentials' };
  // WHATWG URL already turns 0x7f.1, 2130706433 and friends into dotted IPv4, and keeps IPv6 in brackets.
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const { names } = allowed(policy);
  const loopbackName = host === 'localhost' || host.endsWith('.localhost');
  const literal = net.isIP(host) !== 0;
  const loopback = loopbackName || (literal && isLoopback(host));
  if (url.protocol === 'http:' && (policy.production || !loopback)) {
    return {
      code: 'URL_NOT_ALLOWED',
      message: policy.production ? 'The base URL must use https' : 'Plain http is allowed only for simulators on this machine (localhost); use https',
    };
  }
  if (names.has(host)) return undefined;
  if (METADATA_NAMES.has(host)) return { code: 'URL_NOT_ALLOWED', message: 'The base URL points at a cloud metadata service' };
  if (loopbackName && policy.production) return { code: 'URL_NOT_ALLOWED', message: 'The base URL points at this machine' };
  if (literal && !addressAllowed(host, policy)) {
    return { code: 'URL_NOT_ALLOWED', message: 'The base URL points at a private, loopback, link-local or reserved address; an operator can allow it in MARKETPLACE_ALLOWED_HOSTS' };
  }
  return undefined;
}

/** Scheme, host and port: sending stored credentials to another of these needs them typed in again. */
export function originOf(value: string): string {
  try {
    return new URL(value).origin.toLowerCase();
  } catch {
    return value.trim().toLowerCase();
  }
}
