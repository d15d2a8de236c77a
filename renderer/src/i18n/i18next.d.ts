import 'i18next';
import type { en } from './locales/en.js';

// Types every `t('…')` key against the English messages, so a mistyped key fails the type check.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
