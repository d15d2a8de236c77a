import { describe, expect, it } from 'vitest';
import { decideNavigation, decideWindowOpen, isExternalWebUrl } from './navigation-guard.js';

const app = 'http://127.0.0.1:8080';

describe('the navigation guard', () => {
  it.each([
    ['http://127.0.0.1:8080/', 'the app itself'],
    ['http://127.0.0.1:8080/users?page=2#top', 'another app page'],
    ['http://127.0.0.1:8080', 'the bare origin'],
  ])('keeps %s in the window (%s)', (url) => {
    expect(decideNavigation(url, app)).toBe('allow');
    expect(decideWindowOpen(url, app)).toBe('allow');
  });

  it.each([
    ['https://example.org/help', 'another host'],
    ['http://127.0.0.1:9090/', 'another port on loopback'],
    ['http://localhost:8080/', 'the same server under another name'],
    ['https://127.0.0.1:8080/', 'the same host and port over another scheme'],
    ['http://192.168.1.20:8080/', 'this computer’s LAN address'],
  ])('sends %s to the system browser (%s)', (url) => {
    expect(decideNavigation(url, app)).toBe('open-externally');
    expect(decideWindowOpen(url, app)).toBe('open-externally');
  });

  it.each([
    ['javascript:alert(1)', 'javascript:'],
    ['file:///etc/passwd', 'file:'],
    ['data:text/html,<script>alert(1)</script>', 'data:'],
    ['blob:http://127.0.0.1:8080/1234', 'blob:'],
    ['ms-settings:network', 'an operating-system protocol'],
    ['smb://server/share', 'a file share'],
    ['chrome://settings', 'a browser page'],
    ['about:blank', 'about:'],
    ['http://user:pass@example.org/', 'a URL hiding its host behind credentials'],
    ['not a url', 'garbage'],
    ['', 'nothing'],
  ])('refuses %s (%s)', (url) => {
    expect(decideNavigation(url, app)).toBe('deny');
    expect(decideWindowOpen(url, app)).toBe('deny');
  });

  it('treats nothing as the app before the core host has reported its origin', () => {
    expect(decideNavigation('http://127.0.0.1:8080/', '')).toBe('open-externally');
    expect(decideNavigation('file:///x', '')).toBe('deny');
  });

  it('hands only http and https URLs to the system browser', () => {
    expect(isExternalWebUrl('https://example.org/')).toBe(true);
    expect(isExternalWebUrl('http://example.org/')).toBe(true);
    expect(isExternalWebUrl('file:///C:/Windows/system32/calc.exe')).toBe(false);
    expect(isExternalWebUrl('javascript:alert(1)')).toBe(false);
    expect(isExternalWebUrl('mailto:someone@example.org')).toBe(false);
  });
});
