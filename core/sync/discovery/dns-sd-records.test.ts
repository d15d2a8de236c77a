import { describe, expect, it } from 'vitest';
import { advertRecords, readAdverts } from './dns-sd-records.js';
import { discoveryInterfaces } from './discovery-interfaces.js';

const advert = { instanceId: 'ab'.repeat(16), version: '0.1.0', deviceName: 'Room 2’s laptop', learnOnly: true, facilityIds: ['f1', 'f2'] };

describe('DNS-SD records', () => {
  it('reads back what it advertises, and a goodbye as TTL 0', () => {
    expect(readAdverts(advertRecords(advert, '10.77.0.1', 8080, 120))).toEqual([{ ...advert, address: 'http://10.77.0.1:8080', ttl: 120 }]);
    expect(readAdverts(advertRecords(advert, '10.77.0.1', 8080, 0))[0]?.ttl).toBe(0);
  });

  it('leaves out an incomplete or malformed advert', () => {
    const records = advertRecords(advert, '10.77.0.1', 8080, 120);
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
  });
});
