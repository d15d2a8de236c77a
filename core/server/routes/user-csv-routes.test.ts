import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { CSRF_COOKIE, CSRF_HEADER } from '../../contract/auth.js';
import { writeLegacyUserFields } from '../../facility/test-support/legacy-user-fields.js';
import { SESSION_COOKIE } from '../auth/session-cookie.js';
import { startFacilityApiServer, type FacilityApiServer } from './test-support/facility-api-server.js';

let server: FacilityApiServer;
beforeEach(async () => {
  server = await startFacilityApiServer();
});
afterEach(() => server.close());

const importPath = () => `/api/facilities/${server.facilityId}/users/import`;
const upload = (csv: string, contentType = 'text/csv') => server.root.request('POST', importPath(), undefined, { rawBody: csv, headers: { 'content-type': contentType } });
const usernames = () => server.core.facility.users.listUsers(server.facilityId, { pageSize: 1000 }).items.map((user) => user.username);

describe('POST /api/facilities/:id/users/import', () => {
  it('creates every user of a good file in one go; each can sign in with their password and has their role', async () => {
    const csv = [
      '\uFEFFUsername,Password,Full Name,Role,Birth Year,Gender,ID Number',
      'amina,sun-42,Amina Kamau,learner,2014,female,A-1',
      'baraka,moon-7,"Baraka, Jr.",coach,,,',
      'chidi,star-9,Chidi Okafor,Admin,,not-specified,',
      'dalia,"pw with ""quotes""",Dalia,,,,',
    ].join('\r\n');
    const response = await upload(csv);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toEqual({ created: 4 });
    const list = server.core.facility.users.listUsers(server.facilityId, { pageSize: 100 }).items;
    expect(list.find((user) => user.username === 'amina')).toMatchObject({ fullName: 'Amina Kamau', kind: 'learner', birthYear: 2014, gender: 'female', idNumber: 'A-1' });
    expect(list.find((user) => user.username === 'baraka')).toMatchObject({ fullName: 'Baraka, Jr.', kind: 'coach', birthYear: null });
    expect(list.find((user) => user.username === 'chidi')).toMatchObject({ kind: 'admin', gender: 'not-specified' });
    await expect(server.signedIn('amina', 'sun-42')).resolves.toBeDefined();
    await expect(server.signedIn('dalia', 'pw with "quotes"')).resolves.toBeDefined();
  });

  it('refuses a file with bad rows as a whole, naming each line, and writes nothing', async () => {
    await server.createUser({ username: 'taken' });
    const before = usernames();
    const csv = [
      'username,password,full_name,role',
      'good_one,pw,Good One,learner', // line 2: fine on its own
      'twice,pw,First Twice,learner', // line 3
      'TWICE,pw,Second Twice,learner', // line 4: duplicate of line 3
      'bad_role,pw,Bad Role,wizard', // line 5
      ',pw,No Name,learner', // line 6: missing username
      'no_password,,No Password,learner', // line 7
      '"multi',
      'line",pw,Quoted,learner', // lines 8-9: a username with a line break
      'taken,pw,Already Here,learner', // line 10: duplicate of a user in the database
    ].join('\n');
    const response = await upload(csv);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_INPUT');
    expect(response.body.message).toMatch(/nothing was imported/);
    const paths = response.body.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(['line.4.username', 'line.5.role', 'line.6.username', 'line.7.password', 'line.8.username']);
    expect(response.body.details[0].message).toMatch(/also appears on line 3/);
    expect(usernames()).toEqual(before);

    // With the file's own problems fixed, the clash with the database is reported by line too.
    const clash = await upload('username,password,full_name\nnew_one,pw,New One\nTaken,pw,Already Here\n');
    expect(clash.status).toBe(400);
    expect(clash.body.details).toEqual([{ path: 'line.3.username', message: expect.stringMatching(/Line 3, username: .*already taken/) }]);
    expect(usernames()).toEqual(before);
  });

  it('refuses a bad header, an empty file, a broken quote and a JSON body with a clear 400', async () => {
    const before = usernames();
    for (const [csv, pattern] of [
      ['username,full_name\namina,Amina\n', /required column "password"/],
      ['username,password,full_name,shoe_size\namina,pw,Amina,40\n', /Unknown column "shoe_size"/],
      ['', /empty/],
      ['username,password,full_name\n', /no users/],
      ['username,password,full_name\n"amina,pw,Amina\n', /not valid CSV/],
      ['username,password,full_name\namina,pw\n', /Expected 3 fields, found 2/],
    ] as const) {
      const response = await upload(csv);
      expect(response.status).toBe(400);
      expect(response.body.details.map((detail: { message: string }) => detail.message).join(' ')).toMatch(pattern);
    }
    const json = await server.root.request('POST', importPath(), { username: 'amina' });
    expect(json.status).toBe(400);
    expect(json.body.message).toMatch(/text\/csv/);
    expect(usernames()).toEqual(before);
  });
});

describe('GET /api/facilities/:id/users/export', () => {
  it('answers the active users as CSV with a header row, spreadsheet-safe, and re-imports into another facility', async () => {
    const uploaded = await upload('username,password,full_name,role,birth_year\namina,pw,Amina Kamau,learner,2014\nbaraka,pw,"=HYPERLINK(""x"")",coach,\ngone,pw,Gone Away,learner,\n');
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const gone = server.core.facility.users.listUsers(server.facilityId, { search: 'gone' }).items[0]!;
    await server.root.request('DELETE', `/api/users/${gone.id}`);

    const response = await server.root.request('GET', `/api/facilities/${server.facilityId}/users/export`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="ridge-school-users.csv"');
    const rows = parse(response.body as string, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['username', 'full_name', 'role', 'birth_year', 'gender', 'id_number']);
    expect(rows).toEqual([
      { username: 'amina', full_name: 'Amina Kamau', role: 'learner', birth_year: '2014', gender: '', id_number: '' },
      { username: 'baraka', full_name: `'=HYPERLINK("x")`, role: 'coach', birth_year: '', gender: '', id_number: '' },
      { username: 'root', full_name: 'Rooted Admin', role: 'admin', birth_year: '', gender: '', id_number: '' },
    ]);

    const valley = (await server.root.request('POST', '/api/facilities', { name: 'Valley' })).body.id;
    const withPasswords = (response.body as string).replace(/^username,/, 'password,username,').replace(/\r\n(?=.)/g, '\r\nchangeme,');
    const reimport = await server.root.request('POST', `/api/facilities/${valley}/users/import`, undefined, { rawBody: withPasswords, headers: { 'content-type': 'text/csv' } });
    expect(reimport.status, JSON.stringify(reimport.body)).toBe(201);
    expect(reimport.body).toEqual({ created: 3 });
  });
});

// The test browser sends text, always UTF-8: bytes in another encoding go by fetch with root's cookies.
async function uploadBytes(bytes: Uint8Array) {
  const cookie = [SESSION_COOKIE, CSRF_COOKIE].map((name) => `${name}=${server.root.cookie(name)}`).join('; ');
  const response = await fetch(`${server.baseUrl}${importPath()}`, {
    method: 'POST',
    headers: { cookie, [CSRF_HEADER]: server.root.cookie(CSRF_COOKIE)!, 'content-type': 'text/csv' },
    body: bytes,
  });
  return { status: response.status, body: (await response.json()) as { code: string; message: string; details: { path: string; message: string }[] } };
}

describe('issue 19: CSV formula rows, encodings and normalised usernames', () => {
  it('refuses a learner\'s own full name with a CR; an old row holding one exports quoted, one CSV row per user', async () => {
    const barakaId = await server.createUser({ username: 'baraka', fullName: 'Baraka' });
    const baraka = await server.signedIn('baraka');
    const attack = await baraka.request('PATCH', `/api/users/${barakaId}`, { fullName: 'Baraka\r@SUM(1+1)' });
    expect(attack.status).toBe(400);
    expect(attack.body.code).toBe('INVALID_INPUT');
    expect(attack.body.details).toEqual([{ path: 'fullName', message: expect.stringMatching(/line breaks/) }]);
    expect(server.core.facility.users.getUser(barakaId)?.fullName).toBe('Baraka');

    // Rows written before the rule (or by an older peer) may hold such values already.
    const chidiId = await server.createUser({ username: 'chidi', fullName: 'Chidi' });
    writeLegacyUserFields(server.core.databases, barakaId, { fullName: 'Baraka\r@SUM(1+1)' });
    writeLegacyUserFields(server.core.databases, chidiId, { fullName: '\n=HYPERLINK("x")', idNumber: 'A\r\n-1' });

    const response = await server.root.request('GET', `/api/facilities/${server.facilityId}/users/export`);
    expect(response.status).toBe(200);
    const text = response.body as string;
    expect(text).toContain('"Baraka\r@SUM(1+1)"');
    // Every record starts on a line of its own; the line breaks inside fields are all quoted.
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row['username'])).toEqual(['baraka', 'chidi', 'root']);
    expect(rows[0]!['full_name']).toBe('Baraka\r@SUM(1+1)');
    expect(rows[1]).toMatchObject({ full_name: `'\n=HYPERLINK("x")`, id_number: 'A\r\n-1' });
    // What a spreadsheet that splits on any bare CR or LF outside quotes would see: no cell
    // starts with a formula character.
    const unquoted = text.replace(/"(?:[^"]|"")*"/g, '""');
    for (const line of unquoted.split(/\r\n|\r|\n/)) for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it('refuses a Latin-1 file with a clear error naming the encoding and the line, and imports nothing', async () => {
    const before = usernames();
    const latin1 = Buffer.from('username,password,full_name\namina,pw,Amina\njose,pw,Jos\xe9\n', 'latin1');
    const response = await uploadBytes(latin1);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_INPUT');
    expect(response.body.message).toMatch(/not UTF-8/);
    expect(response.body.details).toEqual([{ path: 'line.3', message: expect.stringMatching(/not UTF-8/) }]);
    expect(usernames()).toEqual(before);
    // The same file in UTF-8 imports, with the name intact.
    const utf8 = await uploadBytes(Buffer.from('username,password,full_name\namina,pw,Amina\njose,pw,José\n', 'utf8'));
    expect(utf8.status).toBe(201);
    expect(server.core.facility.users.listUsers(server.facilityId, { search: 'jose' }).items[0]?.fullName).toBe('José');
  });

  it('compares usernames by their normalised key: fullwidth, NFD and case duplicates, and look-alikes, by line', async () => {
    await server.createUser({ username: 'amina' });
    const before = usernames();
    const nfc = 'élève'.normalize('NFC');
    const nfd = 'élève'.normalize('NFD');
    const response = await upload(
      ['username,password,full_name', `${nfc},pw,Élève`, `${nfd},pw,Élève again`, 'ÉLÈVE,pw,Élève shouting', 'ａｍｉｎａ,pw,Wide', 'аmina,pw,Cyrillic a'].join('\n'),
    );
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      { path: 'line.3.username', message: expect.stringMatching(/also appears on line 2/) },
      { path: 'line.4.username', message: expect.stringMatching(/also appears on line 2/) },
      { path: 'line.6.username', message: expect.stringMatching(/Letters of one alphabet/) },
    ]);
    // Line 5 alone passes the file's own checks; then the clash with the facility is reported.
    const wide = await upload('username,password,full_name\nｚｅｄ,pw,Zed\nａｍｉｎａ,pw,Wide\n');
    expect(wide.status).toBe(400);
    expect(wide.body.details).toEqual([{ path: 'line.3.username', message: expect.stringMatching(/"amina" is already taken/) }]);
    expect(usernames()).toEqual(before);
    // Stored in NFKC: fullwidth ｚｅｄ becomes zed.
    expect((await upload('username,password,full_name\nｚｅｄ,pw,Zed\n')).status).toBe(201);
    expect(usernames()).toContain('zed');
  });
});
