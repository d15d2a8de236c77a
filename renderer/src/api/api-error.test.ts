import { describe, expect, it } from 'vitest';
import { ApiError, fieldErrorsOf, isNotAuthenticated, parseErrorResponse } from './api-error.js';

describe('parseErrorResponse', () => {
  it('reads the code, message and field details of the API error body', () => {
    const error = parseErrorResponse(
      400,
      JSON.stringify({ code: 'INVALID_INPUT', message: 'Invalid user', details: [{ path: 'username', message: 'Taken' }] }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe('Invalid user');
    expect(error.details).toEqual([{ path: 'username', message: 'Taken' }]);
    expect(error.fieldError('username')).toBe('Taken');
    expect(error.fieldError('password')).toBeUndefined();
  });

  it('joins a path given as segments, and drops malformed details', () => {
    const error = parseErrorResponse(
      400,
      JSON.stringify({ code: 'INVALID_INPUT', message: 'x', details: [{ path: ['superuser', 'username'], message: 'Required' }, 'junk', { path: 'a' }] }),
    );
    expect(error.details).toEqual([{ path: 'superuser.username', message: 'Required' }]);
  });

  it('turns a body that is not the error shape into UNEXPECTED_RESPONSE, never throwing', () => {
    for (const body of ['', '<html>Bad gateway</html>', '{"code":', '[]', 'null', '{"message":"no code"}']) {
      const error = parseErrorResponse(502, body);
      expect(error.code).toBe('UNEXPECTED_RESPONSE');
      expect(error.status).toBe(502);
      expect(error.details).toEqual([]);
    }
  });

  it('tells the session-ended 401 apart from wrong credentials', () => {
    expect(isNotAuthenticated(401, parseErrorResponse(401, '{"code":"NOT_AUTHENTICATED","message":"m"}'))).toBe(true);
    expect(isNotAuthenticated(401, parseErrorResponse(401, '{"code":"INVALID_CREDENTIALS","message":"m"}'))).toBe(false);
    expect(isNotAuthenticated(403, parseErrorResponse(403, '{"code":"NOT_AUTHENTICATED","message":"m"}'))).toBe(false);
  });
});

describe('fieldErrorsOf', () => {
  it('keys the server’s messages by the form’s fields, ignoring paths the form does not have', () => {
    const error = new ApiError(400, 'INVALID_INPUT', 'Invalid', [
      { path: 'address', message: 'Not an address' },
      { path: 'superuser.username', message: 'Required' },
      { path: 'elsewhere', message: 'Not on this form' },
    ]);
    expect(fieldErrorsOf(error, ['address', 'superuser.username', 'password'])).toEqual({ address: 'Not an address', 'superuser.username': 'Required' });
  });

  it('answers nothing for a failure that is not an API error', () => {
    expect(fieldErrorsOf(new Error('offline'), ['address'])).toEqual({});
  });
});
