/** The languages the UI is complete in. English is the fallback. */
export const LANGUAGES = ['en', 'fr'] as const;

/** A supported language code. */
export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, as a language picker shows it. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = Object.freeze({ en: 'English', fr: 'Français' });

/** Where the chosen language is remembered in the browser. */
export const LANGUAGE_STORAGE_KEY = 'outpost.language';

/** True for a supported language code. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The remembered choice, else the browser's first supported language, else English. */
export function pickLanguage(stored: string | null | undefined, browserLanguages: readonly string[]): Language {
  if (isLanguage(stored)) return stored;
  for (const tag of browserLanguages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}
