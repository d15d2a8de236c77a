import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGE_STORAGE_KEY, pickLanguage } from './languages.js';
import { en } from './locales/en.js';
import { fr } from './locales/fr.js';

/** The browser's storage, narrowed to what is used (it may be unavailable in a locked-down browser). */
export interface LanguageStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * Creates the app's i18next instance, with every language bundled (the app runs offline, so there is
 * nothing to fetch), the remembered or browser language selected, and each change remembered.
 */
export function createI18n(storage: LanguageStorage | undefined, browserLanguages: readonly string[]): i18n {
  const instance = i18next.createInstance();
  let stored: string | null = null;
  try {
    stored = storage?.getItem(LANGUAGE_STORAGE_KEY) ?? null;
  } catch {
    // Storage can throw when disabled; the browser's language is a fine default then.
  }
  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, fr: { translation: fr } },
    lng: pickLanguage(stored, browserLanguages),
    fallbackLng: 'en',
    supportedLngs: ['en', 'fr'],
    // React escapes text itself.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  const applyLanguage = (language: string) => {
    if (typeof document !== 'undefined') document.documentElement.lang = language;
    try {
      storage?.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      // Not remembered, but the switch itself still works.
    }
  };
  if (typeof document !== 'undefined') document.documentElement.lang = instance.language;
  instance.on('languageChanged', applyLanguage);
  return instance;
}
