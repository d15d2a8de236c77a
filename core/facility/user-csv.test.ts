import { describe, expect, it } from 'vitest';
import { formatUserCsv, MAX_IMPORT_ROWS, parseUserCsv } from './user-csv.js';

describe('parseUserCsv', () => {
  it('reads columns in any order, case-insensitive headers, a BOM and CRLF, with defaults for optional cells', () => {
    const { users, problems } = parseUserCsv('\uFEFFFull_Name,PASSWORD,username\r\n" Amina K ",pw 1,amina\r\n\r\nBaraka,pw2,baraka\r\n');
    expect(problems).toEqual([]);
    expect(users).toEqual([
      { line: 2, username: 'amina', password: 'pw 1', fullName: 'Amina K', role: 'learner', birthYear: null, gender: null, idNumber: null },
      { line: 4, username: 'baraka', password: 'pw2', fullName: 'Baraka', role: 'learner', birthYear: null, gender: null, idNumber: null },
    ]);
  });

  it('numbers each problem by the line its row starts on, even after quoted line breaks', () => {
    const csv = 'username,password,full_name,birth_year,gender\n"a","pw\nTwo lines",A,1990,female\nb,pw,B,19x0,\nc,pw,C,1890,robot\n';
    const { users, problems } = parseUserCsv(csv);
    expect(users).toEqual([]);
    expect(problems).toEqual([
      { line: 4, column: 'birth_year', message: 'A four-digit year, or empty' },
      { line: 5, column: 'birth_year', message: 'From 1900' },
      { line: 5, column: 'gender', message: 'One of: female, male, not-specified' },
    ]);
  });

  it('finds usernames twice in the file the way the database compares them (ASCII case-insensitively)', () => {
    const { problems } = parseUserCsv('username,password,full_name\nAmina,pw,A\nbaraka,pw,B\nAMINA,pw,C\n');
    expect(problems).toEqual([{ line: 4, column: 'username', message: 'The username "AMINA" also appears on line 2' }]);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} rows before looking at them`, () => {
    const csv = `username,password,full_name\n${'x,pw,X\n'.repeat(MAX_IMPORT_ROWS + 1)}`;
    expect(parseUserCsv(csv).problems).toEqual([{ line: 1, column: '', message: expect.stringMatching(/at most 10000/) }]);
  });
});

describe('formatUserCsv', () => {
  it('writes a header row and neutralises cells a spreadsheet would run as formulas', () => {
    const csv = formatUserCsv([
      { id: '1', facilityId: 'f', username: 'amina', fullName: '+254 Amina', kind: 'coach', isSuperuser: false, birthYear: 2010, gender: 'female', idNumber: '@x', dateDeleted: null },
    ]);
    expect(csv).toBe("username,full_name,role,birth_year,gender,id_number\r\namina,'+254 Amina,coach,2010,female,'@x\r\n");
  });

  it('quotes every field holding a CR or LF, so a spreadsheet never starts a row inside one', () => {
    const user = { id: '1', facilityId: 'f', kind: 'learner', isSuperuser: false, birthYear: null, gender: null, dateDeleted: null } as const;
    const csv = formatUserCsv([
      { ...user, username: 'baraka', fullName: 'Baraka\r@SUM(1+1)', idNumber: 'A\n1' },
      { ...user, username: 'chidi', fullName: '\n=1+1', idNumber: null },
    ]);
    expect(csv).toBe('username,full_name,role,birth_year,gender,id_number\r\nbaraka,"Baraka\r@SUM(1+1)",learner,,,"A\n1"\r\nchidi,"\'\n=1+1",learner,,,\r\n');
  });
});
