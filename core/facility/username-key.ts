// Usernames are compared by a key, never by their text: the same name typed in NFC or NFD, in
// fullwidth forms or in another case must find the same account (issue 19, item 6). The key is a
// small stand-in for Unicode's NFKC_Casefold: NFKC, lower case, NFKC again (lower-casing can undo
// a composition), and final sigma folded to sigma, as a full case fold does.

/** The form a username is stored and shown in: trimmed, NFKC (`ａｍｉｎａ` → `amina`, NFD → NFC). */
export function normalizeUsername(username: string): string {
  return username.trim().normalize('NFKC');
}

/** The comparison key of a username: two usernames are the same account name when their keys are equal. */
export function usernameKey(username: string): string {
  return normalizeUsername(username).toLowerCase().normalize('NFKC').replace(/ς/g, 'σ');
}

// A deliberately small confusables table (a subset of Unicode's confusables.txt): the Cyrillic and
// Greek letters that look like a Latin letter in common fonts, lower case (the key is lower case
// already) plus those whose capital looks Latin (В, Н, М, Т, К, Β, Η, Μ, Τ). Extend it with care:
// every entry makes two honest usernames of different alphabets count as one.
const confusables: Readonly<Record<string, string>> = Object.freeze({
  // Cyrillic
  а: 'a', в: 'b', с: 'c', ԁ: 'd', е: 'e', һ: 'h', н: 'h', і: 'i', ј: 'j', к: 'k', ӏ: 'l', м: 'm',
  о: 'o', р: 'p', ԛ: 'q', ѕ: 's', т: 't', у: 'y', х: 'x', ԝ: 'w', ь: 'b',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'h', ι: 'i', κ: 'k', μ: 'm', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ζ: 'z',
});

/**
 * The look-alike skeleton of a username: its key with Cyrillic and Greek look-alikes of Latin
 * letters replaced by those letters (`аmina` with a Cyrillic а → `amina`). Two usernames with one
 * skeleton and different keys look the same on screen; a new one is refused beside the other.
 */
export function usernameSkeleton(username: string): string {
  let skeleton = '';
  // Per code point after NFD, so an accent on a look-alike (Cyrillic й, Greek ά) stays an accent.
  for (const char of usernameKey(username).normalize('NFD')) skeleton += confusables[char] ?? char;
  return skeleton.normalize('NFC');
}

// The scripts that share look-alike letters. Other mixes (Han with Hiragana, Latin with digits)
// are how people really write and are left alone.
const lookAlikeScripts = Object.freeze([
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
] as const);

/** The alphabets among Latin, Cyrillic and Greek a username mixes (two or more means a likely spoof), in that order. */
export function mixedScripts(username: string): string[] {
  const found = new Set<string>();
  for (const char of username) {
    for (const [script, pattern] of lookAlikeScripts) if (pattern.test(char)) found.add(script);
  }
  return found.size > 1 ? lookAlikeScripts.map(([script]) => script).filter((script) => found.has(script)) : [];
}
