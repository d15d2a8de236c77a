import { describe, expect, it } from 'vitest';
import { advertRecords, readAdverts } from './dns-sd-records.js';
import { discoveryInterfaces } from './discovery-interfaces.js';

const advert = { instanceId: 'ab'.repeat(16), version: '0.1.0', deviceName: 'Room 2’s laptop', learnOnly: true, facilityIds: ['f1', 'f2'] };

describe('DNS-SD records', () => {
  it('reads back what it advertises, and a goodbye as TTL 0', () => {
    expect(readAdverts(advertRecords(advert, { ipv4: '10.77.0.1' }, 8080, 120))).toEqual([{ ...advert, address: 'http://10.77.0.1:8080', ipv6Addresses: [], startedAt: null, ttl: 120 }]);
    expect(readAdverts(advertRecords(advert, { ipv4: '10.77.0.1' }, 8080, 0))[0]?.ttl).toBe(0);
  });

  it('carries IPv6 addresses as AAAA records and when the device started, so a restart reads as a change', () => {
    const records = advertRecords(advert, { ipv4: '10.77.0.1', ipv6: ['fd77::1', 'fe80::a8bb:ccff:fedd:1'] }, 8080, 120, 1_764_590_400_123);
    expect(records.filter((record) => record.type === 'AAAA').map((record) => record.data)).toEqual(['fd77::1', 'fe80::a8bb:ccff:fedd:1']);
    expect(readAdverts(records)).toEqual([{ ...advert, address: 'http://10.77.0.1:8080', ipv6Addresses: ['fd77::1', 'fe80::a8bb:ccff:fedd:1'], startedAt: 1_764_590_400_123, ttl: 120 }]);
    // Without IPv4, a ULA address makes the URL; a link-local one alone cannot (no zone in a URL).
    const v6Only = records.filter((record) => record.type !== 'A');
    expect(readAdverts(v6Only)[0]?.address).toBe('http://[fd77::1]:8080');
    expect(readAdverts(v6Only.filter((record) => !(record.type === 'AAAA' && record.data === 'fd77::1')))).toEqual([]);
    // A malformed AAAA is left out, the rest of the advert kept.
    expect(readAdverts(records.map((record) => (record.type === 'AAAA' && record.data === 'fd77::1' ? { ...record, data: '<script>' } : record)))[0]?.ipv6Addresses).toEqual(['fe80::a8bb:ccff:fedd:1']);
  });

  it('leaves out an incomplete or malformed advert', () => {
    const records = advertRecords(advert, { ipv4: '10.77.0.1' }, 8080, 120);
    expect(readAdverts(records.filter((record) => record.type !== 'A'))).toEqual([]);
    expect(readAdverts(records.map((record) => (record.type === 'TXT' ? { ...record, data: ['id=nope'] } : record)))).toEqual([]);
  });

  it('uses no interface for a loopback host, every LAN one for 0.0.0.0, one for its address, and the names it is limited to', () => {
    const interfaces = {
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
      eth0: [{ address: '10.77.0.1', family: 'IPv4', internal: false }, { address: 'fe80::1', family: 'IPv6', internal: false }],
      wlan0: [{ address: '192.168.1.5', family: 'IPv4', internal: false }],
    };
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.1.2.3']) expect(discoveryInterfaces(host, interfaces)).toEqual([]);
    expect(discoveryInterfaces('0.0.0.0', interfaces)).toEqual([{ name: 'eth0', address: '10.77.0.1' }, { name: 'wlan0', address: '192.168.1.5' }]);
    expect(discoveryInterfaces('192.168.1.5', interfaces)).toEqual([{ name: 'wlan0', address: '192.168.1.5' }]);
    expect(discoveryInterfaces('0.0.0.0', interfaces, ['eth0'])).toEqual([{ name: 'eth0', address: '10.77.0.1' }]);
    // On :: the server answers IPv6 too: each interface's IPv6 addresses go beside its IPv4 one.
    expect(discoveryInterfaces('::', interfaces)).toEqual([{ name: 'eth0', address: '10.77.0.1', ipv6: ['fe80::1'] }, { name: 'wlan0', address: '192.168.1.5' }]);
  });
});
