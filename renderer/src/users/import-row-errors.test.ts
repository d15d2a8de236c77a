import { describe, expect, it } from 'vitest';
import { importRowErrors } from './import-row-errors.js';

describe('importRowErrors', () => {
  it('reads line numbers and columns from detail paths, sorted by line', () => {
    expect(
      importRowErrors([
        { path: 'line.12.username', message: 'Line 12, username: The username "ada" is already taken in this facility' },
        { path: 'line.3.role', message: 'Line 3, role: Unknown role' },
        { path: 'line.7', message: 'Line 7: Expected 4 fields, found 2' },
        { path: 'file', message: 'Too large' },
      ]),
    ).toEqual([
      { line: null, column: 'file', message: 'Too large' },
      { line: 3, column: 'role', message: 'Unknown role' },
      { line: 7, column: null, message: 'Expected 4 fields, found 2' },
      { line: 12, column: 'username', message: 'The username "ada" is already taken in this facility' },
    ]);
  });

  it('keeps a message that does not repeat the line as it is', () => {
    expect(importRowErrors([{ path: '5.password', message: 'Too short' }])).toEqual([{ line: 5, column: 'password', message: 'Too short' }]);
  });
});
