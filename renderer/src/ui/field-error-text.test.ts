import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/create-i18n.js';
import { fieldErrorText, fieldErrorTexts } from './field-error-text.js';

describe('fieldErrorText', () => {
  it('says the server’s name and username rules in French, and leaves other messages as they are', () => {
    const i18n = createI18n(undefined, ['fr']);
    const t = i18n.t.bind(i18n);
    expect(fieldErrorText(t, 'No line breaks, tabs, control characters or text-direction marks')).toMatch(/retour à la ligne/);
    expect(fieldErrorText(t, 'Letters of one alphabet only: do not mix Latin, Cyrillic or Greek letters in one username')).toMatch(/alphabet/);
    expect(fieldErrorText(t, 'Looks like the existing username "cop"')).toMatch(/« cop »/);
    expect(fieldErrorTexts(t, { username: 'Already taken' })).toEqual({ username: 'Already taken' });
  });
});
