import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, withContentSecurityPolicy } from './content-security-policy.js';

const app = 'http://127.0.0.1:8080';
const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]));

describe('the content security policy', () => {
  it('lets scripts and styles come only from the app itself', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('lets the page talk to its own /api (fetch and the session EventSource) and nowhere else', () => {
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });

  it('forbids plugins, frames, a foreign <base> and being framed', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'self'"]);
  });

  it('allows data: only for images and fonts, which Vite may inline', () => {
    const withData = [...directives].filter(([, sources]) => sources.includes('data:')).map(([name]) => name);
    expect(withData.sort()).toEqual(['font-src', 'img-src']);
  });

  it('is added to responses from the app origin, keeping their other headers', () => {
    const headers = withContentSecurityPolicy(`${app}/`, { 'Content-Type': ['text/html'] }, app);
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('leaves responses from other origins alone', () => {
    const headers = withContentSecurityPolicy('https://example.org/', { 'content-type': ['text/html'] }, app);
    expect(headers).toEqual({ 'content-type': ['text/html'] });
  });

  it('keeps a policy the server sent, under its own header name, and adds ours beside it', () => {
    const headers = withContentSecurityPolicy(`${app}/api/health`, { 'content-security-policy': ["default-src 'none'"] }, app);
    expect(headers).toEqual({ 'content-security-policy': ["default-src 'none'", CONTENT_SECURITY_POLICY] });
  });

  it('copes with responses that have no headers', () => {
    expect(withContentSecurityPolicy(`${app}/`, undefined, app)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });
});
