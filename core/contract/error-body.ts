export type { ErrorBody, ErrorCode, FieldError } from '../common/core-error.js';
