// Normalisation of a child's identifying fields before they are encoded for the national tracker
// (DOMAIN §4: a child "identified on another authority's tracker"; issue 14, Matching). Everything here
// runs inside the partnership, on plaintext, and never leaves it: only encode.ts's keyed output does.
import { isListedName, nicknameGroupsOf } from './nicknames.ts';

const letterMap: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ŀ: 'l' };

// Issue 14 (typing errors): case, accents and odd letters are not differences (Zoë = Zoe, Łukasz = Lukasz, Strauß = Strauss)
function foldLetters(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþıŀ]/g, (c) => letterMap[c] ?? c);
}

const titles = new Set(['mr', 'mrs', 'miss', 'ms', 'mx', 'master', 'dr', 'rev', 'sir', 'dame', 'lady', 'lord']);
const suffixes = new Set(['jr', 'jnr', 'junior', 'sr', 'snr', 'senior', 'ii', 'iii', 'iv']);
const unknowns = new Set(['unknown', 'not known', 'nk', 'n k', 'na', 'n a', 'none', 'tbc', 'null', 'baby', 'infant', 'unnamed', 'xxx', 'x']);
/** Surname particles: kept in the whole surname, never a "part" on their own (Al-Hassan and Hassan share hassan, not al). */
const particles = new Set([
  'al',
  'el',
  'ul',
  'de',
  'da',
  'di',
  'du',
  'del',
  'della',
  'van',
  'von',
  'der',
  'den',
  'la',
  'le',
  'bin',
  'bint',
  'ibn',
  'abu',
  'st',
  'mac',
  'mc',
  'o',
  'ap',
  'ben',
  'dos',
  'das',
]);

/** Longest name read (a longer one is a pasted note, not a name); bounds a record's encoding cost. */
const maxName = 100;
const digitLetter: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '8': 'b' };

// DOMAIN §4 / issue 14 (OCR and keyboard slips in names): a name holds no digits, so a digit between letters is the letter it looks like (J0hn = John, A1ice = Alice, 0'Brien = O'Brien); digits with no letter beside them are left to be dropped
function digitsAsLetters(s: string): string {
  return /\d/.test(s) ? s.replace(/(?<=\p{L}['’]?)[013458]|[013458](?=['’]?\p{L})/gu, (c) => digitLetter[c]!) : s;
}

// DOMAIN §4 / issue 14 (OCR slips in names): a capital I inside a word that is otherwise lower case after its first letter (AIi, CharIie, DyIan) is an l or an i, as the letter case alone cannot tell; it is read as l when that reading is a given name the nickname table knows (by its spelling key too) and the reading with i is not a name it lists (AIi = Ali, CharIie = Charlie, WiIliam = William; DIana, a shift key held, stays Diana; McIntosh stays)
function capitalIAsL(s: string): string {
  if (!/\p{Ll}I|\p{Lu}I\p{Ll}/u.test(s)) return s;
  return s.replace(/\p{L}+/gu, (w) => {
    if (!/^\p{L}[\p{Ll}I]*$/u.test(w) || !/\p{Ll}/u.test(w.slice(1)) || !w.slice(1).includes('I')) return w;
    const asL = foldLetters(w[0] + w.slice(1).replace(/I/g, 'l'));
    return nicknameGroupsOf(asL).length > 0 && !isListedName(foldLetters(w)) ? asL : w;
  });
}

// Issue 14 (typing errors, double-barrelled names): a name becomes lower-case ASCII words; apostrophes join (O'Neil = oneil), hyphens, dots and other punctuation separate; titles and suffixes go; placeholders such as "Unknown" are no name
export function nameWords(input: string | null | undefined): string[] {
  if (!input) return [];
  const s = foldLetters(capitalIAsL(digitsAsLetters(input.length > maxName ? input.slice(0, maxName) : input)))
    .replace(/['’‘`´]/g, '')
    .replace(/[^a-z]+/g, ' ')
    .trim();
  if (!s || unknowns.has(s)) return [];
  const words = s.split(' ').filter((w) => w && !titles.has(w) && !suffixes.has(w));
  return words;
}

// Issue 14 (spelling variants): Mc and Mac, Saint and St are one surname prefix (McDonald = MacDonald = Mac Donald); particles are joined to the word after them (de Souza = desouza)
function surnameParts(words: string[]): { joined: string; parts: string[] } {
  const out: string[] = [];
  let pending = '';
  for (const w0 of words) {
    const w = w0 === 'saint' ? 'st' : w0 === 'mc' ? 'mac' : w0.startsWith('mc') && w0.length > 3 ? 'mac' + w0.slice(2) : w0;
    if (particles.has(w)) {
      pending += w;
      continue;
    }
    out.push(pending + w);
    // the part without its particle is also a part (Al-Hassan and Hassan; MacDonald and Donald are not, so only for separated particles)
    if (pending && pending !== 'mac' && pending !== 'o' && pending !== 'st') out.push(w);
    pending = '';
  }
  if (pending) out.push(pending);
  const joined = words.map((w) => (w === 'saint' ? 'st' : w === 'mc' ? 'mac' : w.startsWith('mc') && w.length > 3 ? 'mac' + w.slice(2) : w)).join('');
  const parts = [...new Set(out.filter((p) => p.length > 1))];
  return { joined, parts };
}

export type NormalName = {
  /** the whole name, words joined (Mary-Jane = Mary Jane = Maryjane) */
  joined: string;
  /** the words (first names) or surname parts (double-barrelled, with particles joined) */
  words: string[];
  /** only an initial was recorded ("J") */
  initialOnly: boolean;
};

// Issue 14 (initial-only names): a first name of one letter is an initial, compared only as an initial
export function normaliseGivenName(input: string | null | undefined): NormalName | null {
  const words = nameWords(input);
  if (words.length === 0) return null;
  if (words.every((w) => w.length === 1)) return { joined: words[0]!, words: [words[0]!], initialOnly: true };
  const full = words.filter((w) => w.length > 1);
  return { joined: full.join(''), words: full, initialOnly: false };
}

// Issue 14 (real records' errors): the whole name typed into the first-name field with the surname left empty
// ("Jordan Whitfield", ""): the last word is taken as the surname. A surname that is recorded is never touched.
export function splitWholeName(
  firstName: string | null | undefined,
  lastName: string | null | undefined,
): { firstName: string | null; lastName: string | null } {
  const first = firstName ?? null;
  const last = lastName ?? null;
  if ((last ?? '').trim()) return { firstName: first, lastName: last };
  const words = (first ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length < 2 || words[words.length - 1]!.replace(/[^\p{L}]/gu, '').length < 2) return { firstName: first, lastName: last };
  return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1]! };
}

export function normaliseSurname(input: string | null | undefined): NormalName | null {
  const words = nameWords(input);
  if (words.length === 0) return null;
  const { joined, parts } = surnameParts(words);
  if (!joined) return null;
  if (joined.length === 1) return { joined, words: [joined], initialOnly: true };
  return { joined, words: parts.length ? parts : [joined], initialOnly: false };
}

export type NormalDate = { y: number; m: number; d: number };

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
export const validDate = (y: number, m: number, d: number) => y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);

const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** a month written as a word or its first letters (March, Mar, Sept), else 0 */
const monthOf = (w: string) => {
  const k = w.toLowerCase();
  return k.length < 3 ? 0 : months.findIndex((m) => m.startsWith(k)) + 1;
};

/** a two-digit year: 00–69 are 2000–2069, 70–99 are 1970–1999 (the children a tracker holds were born this century) */
const fullYear = (yy: string) => (yy.length === 4 ? Number(yy) : Number(yy) + (Number(yy) < 70 ? 2000 : 1900));

// DOMAIN §4 / issue 14 (dates of birth): ISO yyyy-mm-dd (a time after it ignored), also yyyy/mm/dd, dd/mm/yyyy and dd/mm/yy as UK records hold them (a two-digit year read as fullYear does), d.m.yyyy, yyyymmdd and the month as a word (14 March 2010, 14-Mar-2010, March 14th, 2010); a day-first date that cannot be one but reads as month-first (03/14/2010, from a US-set spreadsheet) is read month-first; anything else, or a date that does not exist (31/02/2010), is no date (missing), never an error
export function normaliseDate(input: string | null | undefined): NormalDate | null {
  if (!input) return null;
  const s = input.trim().replace(/[T ]\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|[+-]\d\d:?\d\d|am|pm)?$/i, '');
  let y: number, m: number, d: number;
  let r = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (r) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$/.exec(s))) {
    [d, m, y] = [Number(r[1]), Number(r[2]), fullYear(r[3]!)];
    if (!validDate(y, m, d) && validDate(y, d, m)) [d, m] = [m, d];
  } else if ((r = /^(\d{4})(\d{2})(\d{2})$/.exec(s))) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{1,2})(?:st|nd|rd|th)?[\s./-]+([a-z]+)\.?,?[\s./-]+(\d{4}|\d{2})$/i.exec(s)) && monthOf(r[2]!))
    [d, m, y] = [Number(r[1]), monthOf(r[2]!), fullYear(r[3]!)];
  else if ((r = /^([a-z]+)\.?[\s./-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s./-]+(\d{4})$/i.exec(s)) && monthOf(r[1]!))
    [m, d, y] = [monthOf(r[1]!), Number(r[2]), Number(r[3])];
  else return null;
  return validDate(y, m, d) ? { y, m, d } : null;
}

export const dateDigits = (x: NormalDate) => `${String(x.y).padStart(4, '0')}${String(x.m).padStart(2, '0')}${String(x.d).padStart(2, '0')}`;

// Issue 14 (one day off): the day before and after, across month and year ends
export function neighbourDays(x: NormalDate): NormalDate[] {
  const t = Date.UTC(x.y, x.m - 1, x.d);
  return [-1, 1].map((k) => {
    const dt = new Date(t + k * 86_400_000);
    return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
  });
}

type NormalPostcode = { full: string; sector: string; district: string; area: string };

const postcodeRe = /^([A-Z]{1,2}[0-9][0-9A-Z]?)([0-9][A-Z]{2})$/;
// Issue 14 (postcodes over time): a UK postcode without spaces, upper-case, O and 0 / I and 1 confusions in the inward code fixed; full (B15 2TT), sector (B15 2), district (B15) and area (B); a partial postcode (outward only) gives district and area
export function normalisePostcode(input: string | null | undefined): NormalPostcode | null {
  if (!input) return null;
  const s = foldLetters(input)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  if (s.length < 2) return null;
  if (s.length >= 5) {
    // the inward code is digit letter letter: an O read as 0 or I as 1 there is a typing slip
    const inward = s.slice(-3);
    const fixed = inward[0]!.replace('O', '0').replace('I', '1') + inward.slice(1).replace(/0/g, 'O').replace(/1/g, 'I');
    const r = postcodeRe.exec(s.slice(0, -3) + fixed);
    if (r) {
      const out = r[1]!;
      return { full: out + r[2]!, sector: out + r[2]![0]!, district: out, area: out.replace(/[0-9].*$/, '') };
    }
  }
  if (/^[A-Z]{1,2}[0-9][0-9A-Z]?$/.test(s)) return { full: '', sector: '', district: s, area: s.replace(/[0-9].*$/, '') };
  return null;
}

const males = new Set(['m', 'male', 'boy', 'man', 'mr', 'masc', 'masculine', '1']);
const females = new Set(['f', 'female', 'girl', 'woman', 'fem', 'feminine', '2']);
const others = new Set(['o', 'other', 'non binary', 'nonbinary', 'nb', 'another gender']);

// DOMAIN §4 / issue 14 (gender): male, female or another recorded gender, as systems write it (M, Male, boy; F, female, girl; 1 and 2, the NHS data dictionary's codes); unknown, not stated, 0, 9, N/A and anything unrecognised are missing (an unrecognised word is not evidence of a different gender)
export function normaliseGender(input: string | null | undefined): string | null {
  const s = (input ?? '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (!s) return null;
  if (males.has(s)) return 'm';
  if (females.has(s)) return 'f';
  if (others.has(s)) return 'o';
  return null;
}

// Issue 14 (strong identifiers): an NHS number is ten digits (spaces and dashes ignored); anything else is not recorded
export function normaliseNhsNumber(input: string | null | undefined): string | null {
  const s = (input ?? '').replace(/[\s-]/g, '');
  return /^\d{10}$/.test(s) && !/^(\d)\1{9}$/.test(s) ? s : null;
}

// Issue 14 (strong identifiers): a unique pupil number is a letter and twelve characters, upper-case without spaces
export function normaliseUpn(input: string | null | undefined): string | null {
  const s = (input ?? '').toUpperCase().replace(/[\s-]/g, '');
  return /^[A-Z][0-9]{11}[0-9A-Z]$/.test(s) ? s : null;
}
