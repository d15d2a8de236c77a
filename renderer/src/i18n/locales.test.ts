import { describe, expect, it } from 'vitest';
import { createI18n, type LanguageStorage } from './create-i18n.js';
import { LANGUAGE_STORAGE_KEY, LANGUAGES, pickLanguage } from './languages.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every leaf of a messages object as `dotted.key → text`. */
function flatten(messages: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [inner, text] of flatten(value as object, path)) out.set(inner, text);
  }
  return out;
}

/** Base keys (plural suffix removed) with the plural forms each has and the variables they use. */
function shape(messages: object) {
  const keys = new Map<string, { forms: Set<string>; variables: Set<string> }>();
  for (const [key, text] of flatten(messages)) {
    const base = key.replace(PLURAL_SUFFIX, '');
    const entry = keys.get(base) ?? { forms: new Set<string>(), variables: new Set<string>() };
    const form = PLURAL_SUFFIX.exec(key)?.[1];
    if (form) entry.forms.add(form);
    for (const match of text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)) entry.variables.add(match[1]!);
    keys.set(base, entry);
  }
  return keys;
}

const catalogues = { en, fr } as const;

describe('translations', () => {
  it('every language has exactly the keys of English, and English those of every language', () => {
    const reference = [...shape(en).keys()].sort();
    for (const language of LANGUAGES) {
      expect([...shape(catalogues[language]).keys()].sort(), language).toEqual(reference);
    }
  });

  it('every plural key has each plural form its language needs', () => {
    for (const language of LANGUAGES) {
      const needed = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const [key, entry] of shape(catalogues[language])) {
        if (entry.forms.size === 0) continue;
        expect([...entry.forms].sort(), `${language} ${key}`).toEqual([...needed].sort());
      }
    }
  });

  it('a key is plural in one language exactly when it is plural in English', () => {
    const english = shape(en);
    for (const language of LANGUAGES) {
      for (const [key, entry] of shape(catalogues[language])) {
        expect(entry.forms.size > 0, `${language} ${key}`).toBe((english.get(key)?.forms.size ?? 0) > 0);
      }
    }
  });

  it('translations use the same {{variables}} as English', () => {
    const english = shape(en);
    for (const language of LANGUAGES) {
      for (const [key, entry] of shape(catalogues[language])) {
        expect([...entry.variables].sort(), `${language} ${key}`).toEqual([...(english.get(key)?.variables ?? [])].sort());
      }
    }
  });

  it('no message is empty', () => {
    for (const language of LANGUAGES) {
      for (const [key, text] of flatten(catalogues[language])) expect(text.trim(), `${language} ${key}`).not.toBe('');
    }
  });
});

describe('language choice', () => {
  it('prefers the remembered choice, then the browser’s languages, then English', () => {
    expect(pickLanguage('fr', ['en-GB'])).toBe('fr');
    expect(pickLanguage(null, ['sw-KE', 'fr-CA', 'en'])).toBe('fr');
    expect(pickLanguage('xx', ['de'])).toBe('en');
    expect(pickLanguage(undefined, [])).toBe('en');
  });

  it('remembers a switch and translates plurals per language', async () => {
    const store = new Map<string, string>();
    const storage: LanguageStorage = { getItem: (key) => store.get(key) ?? null, setItem: (key, value) => void store.set(key, value) };
    const i18n = createI18n(storage, ['en-US']);
    expect(i18n.t('users.count', { count: 1 })).toBe('1 user');
    expect(i18n.t('users.count', { count: 10000 })).toBe('10,000 users');
    await i18n.changeLanguage('fr');
    expect(store.get(LANGUAGE_STORAGE_KEY)).toBe('fr');
    expect(i18n.t('users.count', { count: 0 })).toBe('0 utilisateur');
    expect(i18n.t('users.count', { count: 3 })).toBe('3 utilisateurs');
    // French groups digits with a narrow no-break space.
    expect(i18n.t('users.count', { count: 1000000 })).toBe('1\u202f000\u202f000 utilisateurs');
    expect(createI18n(storage, ['en-US']).language).toBe('fr');
  });

  it('still works when storage throws', () => {
    const storage: LanguageStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const i18n = createI18n(storage, ['fr-FR']);
    expect(i18n.language).toBe('fr');
    return expect(i18n.changeLanguage('en')).resolves.toBeTypeOf('function');
  });
});
