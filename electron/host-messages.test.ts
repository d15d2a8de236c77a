import { describe, expect, it } from 'vitest';
import { CORE_HOST_OPTIONS_ENV, coreHostEnv, parseCoreHostEnv } from './core-host-options.js';
import { isShutdownMessage, parseHostMessage } from './host-messages.js';

describe('messages from the core host', () => {
  it('accepts ready and failed', () => {
    expect(parseHostMessage({ type: 'ready', url: 'http://127.0.0.1:8080', lanUrls: ['http://10.0.0.5:8080'] })).toEqual({
      type: 'ready',
      url: 'http://127.0.0.1:8080',
      lanUrls: ['http://10.0.0.5:8080'],
    });
    expect(parseHostMessage({ type: 'failed', code: 'CONFIG_INVALID', message: 'Port 8080 is in use.' })).toEqual({
      type: 'failed',
      code: 'CONFIG_INVALID',
      message: 'Port 8080 is in use.',
    });
  });

  it.each([null, 'ready', { type: 'ready' }, { type: 'ready', url: 1, lanUrls: [] }, { type: 'ready', url: 'x', lanUrls: [1] }, { type: 'failed', code: 'X' }, { type: 'hello' }])(
    'ignores %j',
    (message) => {
      expect(parseHostMessage(message)).toBeUndefined();
    },
  );

  it('recognises a shutdown request and nothing else', () => {
    expect(isShutdownMessage({ type: 'shutdown' })).toBe(true);
    expect(isShutdownMessage({ type: 'ready' })).toBe(false);
    expect(isShutdownMessage('shutdown')).toBe(false);
    expect(isShutdownMessage(null)).toBe(false);
  });
});

describe('the core host options', () => {
  it('travel in the environment and read back the same', () => {
    const options = { home: '/data/home', rendererDir: '/app/dist/renderer', port: 8080, host: '0.0.0.0', discovery: true };
    expect(parseCoreHostEnv(coreHostEnv(options))).toEqual(options);
  });

  it('are refused when missing or malformed', () => {
    expect(() => parseCoreHostEnv({})).toThrow(CORE_HOST_OPTIONS_ENV);
    expect(() => parseCoreHostEnv({ [CORE_HOST_OPTIONS_ENV]: '{' })).toThrow('is not JSON');
    expect(() => parseCoreHostEnv({ [CORE_HOST_OPTIONS_ENV]: '{"home":"/h","rendererDir":"/r","host":"0.0.0.0","port":-1,"discovery":true}' })).toThrow('bad port');
    expect(() => parseCoreHostEnv({ [CORE_HOST_OPTIONS_ENV]: '{"home":"","rendererDir":"/r","host":"0.0.0.0","port":1}' })).toThrow('needs "home"');
    expect(() => parseCoreHostEnv({ [CORE_HOST_OPTIONS_ENV]: '{"home":"/h","rendererDir":"/r","host":"0.0.0.0","port":1}' })).toThrow('needs "discovery"');
  });
});
