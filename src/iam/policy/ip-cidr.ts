/**
 * IPv4 and IPv6 addresses and CIDR blocks for the IpAddress/NotIpAddress operators
 * (IAM User Guide, "IAM JSON policy elements: Condition operators", IP address: "the value must
 * be in the standard CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64)";
 * an address without a prefix length is a single address). An IPv4-mapped IPv6 address
 * (::ffff:a.b.c.d) is compared as IPv4.
 */

export interface Cidr {
  v6: boolean;
  base: bigint;
  bits: number;
}

function parseV4(s: string): bigint | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return undefined;
  let n = 0n;
  for (let k = 1; k <= 4; k++) {
    const part = Number(m[k]);
    if (part > 255) return undefined;
    n = (n << 8n) | BigInt(part);
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.split('::').length > 2) return undefined;
  let tail = s;
  let v4tail: bigint | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    v4tail = parseV4(s.slice(lastColon + 1));
    if (v4tail === undefined) return undefined;
    tail = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = tail.includes('::') ? (tail.split('::') as [string, string]) : [tail, undefined];
  const groups = (x: string): string[] => (x === '' ? [] : x.split(':'));
  const h = groups(head);
  const r = rest === undefined ? [] : groups(rest);
  const missing = 8 - h.length - r.length;
  if (rest === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...h, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...r];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  if (v4tail !== undefined) n = (n & ~0xffffffffn) | v4tail;
  return n;
}

/** An address as [isV6, value], IPv4-mapped IPv6 folded to IPv4. */
export function parseAddress(s: string): { v6: boolean; value: bigint } | undefined {
  const v4 = parseV4(s.trim());
  if (v4 !== undefined) return { v6: false, value: v4 };
  const v6 = parseV6(s.trim());
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { v6: false, value: v6 & 0xffffffffn };
  return { v6: true, value: v6 };
}

export function parseCidr(s: string): Cidr | undefined {
  const [addr, len, extra] = s.trim().split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const a = parseAddress(addr);
  if (!a) return undefined;
  const max = a.v6 ? 128 : 32;
  let bits = max;
  if (len !== undefined) {
    if (!/^\d{1,3}$/.test(len)) return undefined;
    bits = Number(len);
    // a mapped address written with an IPv6 prefix length keeps its meaning over the IPv4 part
    if (!a.v6 && addr.includes(':')) bits -= 96;
    if (bits < 0 || bits > max) return undefined;
  }
  return { v6: a.v6, base: a.value >> BigInt(max - bits), bits };
}

export function cidrContains(c: Cidr, address: string): boolean {
  const a = parseAddress(address);
  if (!a || a.v6 !== c.v6) return false;
  const max = c.v6 ? 128 : 32;
  return a.value >> BigInt(max - c.bits) === c.base;
}
