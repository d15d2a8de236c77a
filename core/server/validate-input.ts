import type { z } from 'zod';
import { CoreError, type FieldError } from '../common/core-error.js';

/**
 * Parses untrusted input with a zod schema. On failure it throws `INVALID_INPUT` listing every
 * field that is wrong, so a form can show each message beside its field.
 */
export function validateInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details: FieldError[] = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return { path: [path, ...issue.keys].filter(Boolean).join('.'), message: `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}` };
    }
    return { path, message: issue.message };
  });
  const summary = details.map((detail) => (detail.path ? `${detail.path}: ${detail.message}` : detail.message)).join('; ');
  throw new CoreError('INVALID_INPUT', `Invalid ${what}: ${summary}`, details);
}
