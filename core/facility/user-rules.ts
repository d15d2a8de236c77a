import { z } from 'zod';

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
});

/** A user's gender as stored; null when not given. */
export type Gender = (typeof userRules.genders)[number];

// Type first, then the rules: zod would otherwise also apply a length rule to an array given
// where text belongs, and report the field twice.
const text = <T extends z.ZodType<string, string>>(rules: T) => z.string({ message: 'Must be text' }).pipe(rules);

/** zod schemas of user fields, shared by the HTTP layer and the CSV import so both say the same thing. */
export const userFieldSchemas = Object.freeze({
  username: text(
    z
      .string()
      .trim()
      .min(1, 'Required')
      .max(userRules.usernameMaxLength, `At most ${userRules.usernameMaxLength} characters`)
      .regex(userRules.usernamePattern, 'Only letters, digits and underscores; no spaces or punctuation'),
  ),
  fullName: text(z.string().trim().min(1, 'Required').max(userRules.fullNameMaxLength, `At most ${userRules.fullNameMaxLength} characters`)),
  password: text(z.string().min(1, 'Required').max(userRules.passwordMaxLength, `At most ${userRules.passwordMaxLength} characters`)),
  birthYear: z
    .number({ message: 'A year, as a number' })
    .int('A whole year')
    .min(userRules.birthYearMin, `From ${userRules.birthYearMin}`)
    .max(userRules.birthYearMax, `Up to ${userRules.birthYearMax}`)
    .nullable(),
  gender: z.enum(userRules.genders, { message: `One of: ${userRules.genders.join(', ')}` }).nullable(),
  idNumber: text(z.string().trim().max(userRules.idNumberMaxLength, `At most ${userRules.idNumberMaxLength} characters`)).nullable(),
  role: z.enum(['learner', 'coach', 'admin'], { message: 'One of: learner, coach, admin' }),
  facilityName: text(z.string().trim().min(1, 'Required').max(userRules.facilityNameMaxLength, `At most ${userRules.facilityNameMaxLength} characters`)),
  className: text(z.string().trim().min(1, 'Required').max(userRules.classNameMaxLength, `At most ${userRules.classNameMaxLength} characters`)),
});
