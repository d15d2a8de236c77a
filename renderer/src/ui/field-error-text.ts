import type { TFunction } from 'i18next';

// The server's field messages that the UI says in the reader's language, matched by their exact
// English text (core/facility/user-rules.ts and username-repository.ts write them). Any other
// message is shown as the server wrote it.
const known: readonly { readonly pattern: RegExp; readonly key: 'fieldErrors.controls' | 'fieldErrors.mixedScripts' | 'fieldErrors.lookAlike' }[] = [
  { pattern: /^No line breaks, tabs, control characters or text-direction marks$/, key: 'fieldErrors.controls' },
  { pattern: /^Letters of one alphabet only\b/, key: 'fieldErrors.mixedScripts' },
  { pattern: /^Looks like the existing username "(?<username>.*)"$/, key: 'fieldErrors.lookAlike' },
];

/** A server field error in the UI's language when it is one the UI knows, else as the server wrote it. */
export function fieldErrorText(t: TFunction, message: string): string {
  for (const { pattern, key } of known) {
    const match = pattern.exec(message);
    if (match) return t(key, { username: match.groups?.['username'] ?? '' });
  }
  return message;
}

/** `fieldErrorText` over every field of a form's errors. */
export function fieldErrorTexts<Field extends string>(t: TFunction, errors: Partial<Record<Field, string>>): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  for (const [field, message] of Object.entries(errors) as [Field, string | undefined][]) if (message !== undefined) out[field] = fieldErrorText(t, message);
  return out;
}
