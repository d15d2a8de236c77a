import { describe, expect, it } from 'vitest';
import { decodeCsvFile } from './decode-csv-file.js';

describe('decodeCsvFile', () => {
  it('reads UTF-8, with or without a BOM', () => {
    const bytes = new TextEncoder().encode('username,password,full_name\njose,pw,José\n');
    expect(decodeCsvFile(bytes.buffer as ArrayBuffer)).toEqual({ ok: true, text: 'username,password,full_name\njose,pw,José\n' });
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    expect(decodeCsvFile(withBom.buffer)).toMatchObject({ ok: true });
  });

  it('refuses Latin-1, naming the line of the first bad byte', () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('username,password,full_name\namina,pw,Amina\njose,pw,Jos'), 0xe9, 0x0a]);
    expect(decodeCsvFile(latin1.buffer)).toEqual({ ok: false, line: 3 });
  });
});
