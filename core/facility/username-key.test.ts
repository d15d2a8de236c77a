import { describe, expect, it } from 'vitest';
import { mixedScripts, normalizeUsername, usernameKey, usernameSkeleton } from './username-key.js';

describe('username keys', () => {
  it('stores NFKC and compares case-folded: NFC, NFD, capitals and fullwidth forms are one name', () => {
    const nfc = 'élève'.normalize('NFC');
    const nfd = 'élève'.normalize('NFD');
    expect(normalizeUsername(` ${nfd} `)).toBe(nfc);
    expect(normalizeUsername('ａｍｉｎａ')).toBe('amina');
    expect(new Set([nfc, nfd, 'ÉLÈVE', 'ÉLÈVE'.normalize('NFD'), 'Élève'].map(usernameKey))).toEqual(new Set([nfc]));
    expect(usernameKey('ＡＭＩＮＡ')).toBe('amina');
    // A full case fold maps final sigma to sigma; toLowerCase alone would not.
    expect(usernameKey('ΟΔΟΣ')).toBe(usernameKey('οδοσ'));
    expect(usernameKey('amina')).not.toBe(usernameKey('\u0430mina'));
  });

  it('gives Cyrillic and Greek look-alikes of a Latin name its skeleton, and keeps accents and honest names apart', () => {
    expect(usernameSkeleton('\u0430mina')).toBe('amina');
    expect(usernameSkeleton('\u0441\u043E\u0440')).toBe('cop');
    expect(usernameSkeleton('ΒΟΒ')).toBe('bob');
    expect(usernameSkeleton('иван')).not.toBe(usernameSkeleton('ivan'));
    expect(usernameSkeleton('\u0439')).toBe('\u0439');
  });

  it('names the look-alike alphabets a username mixes, and only those', () => {
    expect(mixedScripts('\u0430mina')).toEqual(['Latin', 'Cyrillic']);
    expect(mixedScripts('r\u03BFot')).toEqual(['Latin', 'Greek']);
    expect(mixedScripts('amina_2014')).toEqual([]);
    expect(mixedScripts('иван')).toEqual([]);
    expect(mixedScripts('田中さくら')).toEqual([]);
  });
});
