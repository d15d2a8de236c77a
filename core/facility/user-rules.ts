import { z } from 'zod';
import { mixedScripts, normalizeUsername } from './username-key.js';

/** The rules a user's fields follow, wherever they come from (a form, a CSV row, setup). */
export const userRules = Object.freeze({
  usernameMaxLength: 125,
  /** Letters and digits of any script, and underscores (Kolibri's rule: no spaces or punctuation). */
  usernamePattern: /^[\p{L}\p{M}\p{N}_]+$/u,
  fullNameMaxLength: 120,
  passwordMaxLength: 128,
  idNumberMaxLength: 64,
  birthYearMin: 1900,
  birthYearMax: 2100,
  genders: Object.freeze(['female', 'male', 'not-specified'] as const),
  facilityNameMaxLength: 100,
  classNameMaxLength: 100,
  /**
   * Characters no name may hold (issue 19, item 8): C0 and C1 controls and DEL (a CR or LF starts a
   * new row in a spreadsheet), the line and paragraph separators, and the bidi controls that make
   * text read in another order than it is stored (embeddings and overrides U+202A–U+202E, isolates
   * U+2066–U+2069, and the invisible marks U+200E, U+200F and U+061C).
   */
  forbiddenInNames: /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u,
});

/** A user's gender as stored; null when not given. */
export type Gender = (typeof userRules.genders)[number];

// Type first, then the rules: zod would otherwise also apply a length rule to an array given
// where text belongs, and report the field twice.
const text = <T extends z.ZodType<string, string>>(rules: T) => z.string({ message: 'Must be text' }).pipe(rules);

const controlsMessage = 'No line breaks, tabs, control characters or text-direction marks';
// Checked before trimming, so that a trailing line break is refused rather than quietly dropped.
const plainText = () => z.string().refine((value) => !userRules.forbiddenInNames.test(value), controlsMessage);

/** zod schemas of user fields, shared by the HTTP layer and the CSV import so both say the same thing. */
export const userFieldSchemas = Object.freeze({
  // Stored in NFKC (fullwidth ａｍｉｎａ is amina, NFD é is NFC é); compared by `usernameKey`.
  username: text(
    plainText()
      .transform(normalizeUsername)
      .pipe(
        z
          .string()
          .min(1, 'Required')
          .max(userRules.usernameMaxLength, `At most ${userRules.usernameMaxLength} characters`)
          .regex(userRules.usernamePattern, 'Only letters, digits and underscores; no spaces or punctuation')
          .refine((value) => mixedScripts(value).length === 0, 'Letters of one alphabet only: do not mix Latin, Cyrillic or Greek letters in one username'),
      ),
  ),
  fullName: text(plainText().pipe(z.string().trim().min(1, 'Required').max(userRules.fullNameMaxLength, `At most ${userRules.fullNameMaxLength} characters`))),
  password: text(z.string().min(1, 'Required').max(userRules.passwordMaxLength, `At most ${userRules.passwordMaxLength} characters`)),
  birthYear: z
    .number({ message: 'A year, as a number' })
    .int('A whole year')
    .min(userRules.birthYearMin, `From ${userRules.birthYearMin}`)
    .max(userRules.birthYearMax, `Up to ${userRules.birthYearMax}`)
    .nullable(),
  gender: z.enum(userRules.genders, { message: `One of: ${userRules.genders.join(', ')}` }).nullable(),
  idNumber: text(plainText().pipe(z.string().trim().max(userRules.idNumberMaxLength, `At most ${userRules.idNumberMaxLength} characters`))).nullable(),
  role: z.enum(['learner', 'coach', 'admin'], { message: 'One of: learner, coach, admin' }),
  facilityName: text(plainText().pipe(z.string().trim().min(1, 'Required').max(userRules.facilityNameMaxLength, `At most ${userRules.facilityNameMaxLength} characters`))),
  className: text(plainText().pipe(z.string().trim().min(1, 'Required').max(userRules.classNameMaxLength, `At most ${userRules.classNameMaxLength} characters`))),
});
