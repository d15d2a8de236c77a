import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lanAddressDialog } from './lan-address-dialog.js';
import { lanUrls } from './lan-urls.js';

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({ address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null });
const v6 = (address: string): NetworkInterfaceInfo => ({ address, family: 'IPv6', internal: false, netmask: 'ffff::', mac: '00:00:00:00:00:00', cidr: null, scopeid: 0 });

describe('LAN addresses', () => {
  it('lists one URL per external IPv4 address, skipping loopback and IPv6', () => {
    const interfaces = { lo: [v4('127.0.0.1', true)], wlan0: [v4('192.168.1.20'), v6('fe80::1')], eth0: [v4('10.0.0.5')] };
    expect(lanUrls(interfaces, 8080)).toEqual(['http://192.168.1.20:8080', 'http://10.0.0.5:8080']);
  });

  it('puts self-assigned 169.254 addresses last: they work only when nothing better exists', () => {
    expect(lanUrls({ eth0: [v4('169.254.10.2')], wlan0: [v4('192.168.0.7')] }, 9000)).toEqual(['http://192.168.0.7:9000', 'http://169.254.10.2:9000']);
  });

  it('lists an address shared by two interfaces once, and nothing without a network', () => {
    expect(lanUrls({ a: [v4('192.168.1.2')], b: [v4('192.168.1.2')] }, 80)).toEqual(['http://192.168.1.2:80']);
    expect(lanUrls({ lo: [v4('127.0.0.1', true)] }, 8080)).toEqual([]);
  });
});

describe('the LAN address dialog', () => {
  it('shows and copies the first address learners type, mentioning the others', () => {
    const dialog = lanAddressDialog({ lanServing: true, urls: ['http://192.168.1.20:8080', 'http://10.0.0.5:8080'] });
    expect(dialog.copyText).toBe('http://192.168.1.20:8080');
    expect(dialog.message).toBe('Learners open http://192.168.1.20:8080 in their browser.');
    expect(dialog.detail).toContain('http://10.0.0.5:8080');
  });

  it('says that LAN serving is off, and copies nothing', () => {
    const dialog = lanAddressDialog({ lanServing: false, urls: ['http://192.168.1.20:8080'] });
    expect(dialog.copyText).toBeUndefined();
    expect(dialog.message).toBe('Outpost is serving this computer only.');
  });

  it('says that the computer has no network, and copies nothing', () => {
    const dialog = lanAddressDialog({ lanServing: true, urls: [] });
    expect(dialog.copyText).toBeUndefined();
    expect(dialog.message).toBe('This computer is not connected to a network.');
  });
});
