import { describe, expect, it } from 'vitest';
import { normaliseColumn, parseCsvPreview } from './parse-csv-preview.js';

const required = ['username', 'full_name', 'password', 'role'];

describe('parseCsvPreview', () => {
  it('reads the header, the rows and each row’s line number', () => {
    const result = parseCsvPreview('username,full_name,password,role\nada,Ada L,pw123456,learner\n\nbob,"Bob, Jr",pw123456,coach\n', required);
    expect(result).toEqual({
      ok: true,
      preview: {
        columns: ['username', 'full_name', 'password', 'role'],
        rows: [
          { line: 2, values: ['ada', 'Ada L', 'pw123456', 'learner'] },
          { line: 4, values: ['bob', 'Bob, Jr', 'pw123456', 'coach'] },
        ],
        missingColumns: [],
      },
    });
  });

  it('accepts a BOM, CRLF and differently spelled headers', () => {
    const result = parseCsvPreview('\uFEFFUsername,Full Name,Password,Role\r\nada,Ada,pw,learner\r\n', required);
    expect(result.ok && result.preview.missingColumns).toEqual([]);
    expect(result.ok && result.preview.rows[0]?.values[0]).toBe('ada');
  });

  it('names the required columns that are missing', () => {
    const result = parseCsvPreview('username,name\nada,Ada\n', required);
    expect(result.ok && result.preview.missingColumns).toEqual(['full_name', 'password', 'role']);
  });

  it('explains an empty file, a header without rows and a malformed file', () => {
    expect(parseCsvPreview('  \n', required)).toEqual({ ok: false, problem: { kind: 'empty' } });
    expect(parseCsvPreview('username,full_name\n', required)).toEqual({ ok: false, problem: { kind: 'no-rows' } });
    const malformed = parseCsvPreview('username,full_name\n"ada,Ada\n', required);
    expect(malformed.ok).toBe(false);
    expect(!malformed.ok && malformed.problem.kind).toBe('malformed');
  });

  it('keeps rows with a wrong number of cells for the server to report', () => {
    const result = parseCsvPreview('username,full_name,password,role\nada,Ada\n', required);
    expect(result.ok && result.preview.rows).toEqual([{ line: 2, values: ['ada', 'Ada'] }]);
  });

  it('previews 200 rows quickly', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `user${i},User ${i},password${i},learner`);
    const result = parseCsvPreview(['username,full_name,password,role', ...rows].join('\n'), required);
    expect(result.ok && result.preview.rows).toHaveLength(200);
    expect(result.ok && result.preview.rows[199]?.line).toBe(201);
  });

  it('normalises column names', () => {
    expect(normaliseColumn(' Full_Name ')).toBe('fullname');
    expect(normaliseColumn('birth-year')).toBe('birthyear');
  });
});
