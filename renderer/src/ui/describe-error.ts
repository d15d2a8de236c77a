import type { TFunction } from 'i18next';
import { ApiError } from '../api/api-error.js';

/**
 * A sentence for a failed call, in the UI's language. Codes with a general meaning get our own text;
 * the server's message is used where it is specific (a conflict, invalid input) and carries names.
 */
export function describeError(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.unexpected');
  switch (error.code) {
    case 'NETWORK':
      return t('errors.network');
    case 'PERMISSION_DENIED':
      return t('errors.permissionDenied');
    case 'CSRF_FAILED':
      return t('errors.csrf');
    case 'RATE_LIMITED':
      return t('errors.rateLimited');
    case 'PAYLOAD_TOO_LARGE':
      return t('errors.tooLarge');
    case 'NOT_FOUND':
      return t('errors.notFound');
    case 'STORAGE_FULL':
      return t('errors.storageFull');
    case 'STORAGE_READ_ONLY':
      return t('errors.storageReadOnly');
    case 'BACKUP_INVALID':
      return t('errors.backupInvalid');
    case 'INTERNAL':
    case 'UNEXPECTED_RESPONSE':
      return t('errors.server');
    case 'INVALID_INPUT':
    case 'CONFLICT':
      return error.message;
    default:
      return error.message || t('errors.unexpected');
  }
}
