// Finding a child already recorded, and not recording them twice (issue 15 item 13). Pure comparisons of names and
// dates of birth, in the clear and within one partnership: the same normalisation, nicknames and neighbouring days
// as the national tracker's matching (domain/linkage), applied to a search or to a new child before it is saved.
import { doubleMetaphone } from 'double-metaphone';
import { nameWords, normaliseDate, neighbourDays, type NormalDate } from '../linkage/normalise.ts';
import { nicknameGroupsOf } from '../linkage/nicknames.ts';

/** A recorded child as the comparisons read them. */
export type NamedChild = { first_name: string; last_name: string; aliases: string | null; date_of_birth: string | null };

// DOMAIN §7 (every child's record kept once and accountable): Jaro–Winkler similarity of two words, 0 to 1 (1 the same)
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aHit = new Array<boolean>(a.length).fill(false);
  const bHit = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(b.length, i + range + 1); j++) {
      if (bHit[j] || a[i] !== b[j]) continue;
      aHit[i] = bHit[j] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let k = 0;
  let halfTranspositions = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aHit[i]) continue;
    while (!bHit[k]) k++;
    if (a[i] !== b[k]) halfTranspositions++;
    k++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - halfTranspositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

// DOMAIN §7: the typing slips between two words (a wrong, missing or extra letter, or two neighbours swapped), counted up to max + 1
export function typingSlips(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return Math.min(prev[b.length]!, max + 1);
}

const metaphones = new Map<string, readonly string[]>();
function soundsOf(w: string): readonly string[] {
  let s = metaphones.get(w);
  if (!s) {
    s = [...new Set(doubleMetaphone(w).filter(Boolean))];
    if (metaphones.size > 20_000) metaphones.clear();
    metaphones.set(w, s);
  }
  return s;
}

// DOMAIN §7: how alike a word typed is to a word of a recorded name, 0 to 1: the same 1; one typing slip 0.95 (0.8 in a word of three letters); nicknames of one name (Bill, William) 0.9; sounding the same (double metaphone) at least 0.88; the start of the name (3 letters or more) 0.85; else Jaro–Winkler
export function wordSimilarity(typed: string, recorded: string): number {
  if (typed === recorded) return 1;
  let best = jaroWinkler(typed, recorded);
  if (typingSlips(typed, recorded, 1) <= 1) best = Math.max(best, Math.min(typed.length, recorded.length) >= 4 ? 0.95 : 0.8);
  const g = nicknameGroupsOf(typed);
  if (g.length && nicknameGroupsOf(recorded).some((x) => g.includes(x))) best = Math.max(best, 0.9);
  if (best < 0.88 && typed.length >= 3 && recorded.length >= 3) {
    const s = soundsOf(recorded);
    if (soundsOf(typed).some((x) => s.includes(x))) best = 0.88;
  }
  if (typed.length >= 3 && recorded.startsWith(typed)) best = Math.max(best, 0.85);
  return best;
}

/** The best similarity of one word to any of several. */
const bestOf = (w: string, among: readonly string[]) => among.reduce((m, x) => Math.max(m, wordSimilarity(w, x)), 0);

/** Whether two dates of birth are the same, a typing slip apart, different, or not both known. */
export type DateAgreement = 'same' | 'near' | 'differs' | 'unknown';

// DOMAIN §7: two dates of birth agree when the same; are near when a day apart (as the tracker's neighbouring days), with day and month swapped, or with one of day, month and year different
export function dateAgreement(a: string | null | undefined, b: string | null | undefined): DateAgreement {
  const x = normaliseDate(a);
  const y = normaliseDate(b);
  if (!x || !y) return 'unknown';
  const eq = (p: NormalDate, q: NormalDate) => p.y === q.y && p.m === q.m && p.d === q.d;
  if (eq(x, y)) return 'same';
  if (neighbourDays(x).some((n) => eq(n, y))) return 'near';
  if (x.y === y.y && x.d === y.m && x.m === y.d) return 'near';
  const differing = Number(x.y !== y.y) + Number(x.m !== y.m) + Number(x.d !== y.d);
  return differing === 1 ? 'near' : 'differs';
}

/** A recorded child's name words: first names, last name (its words and as one), aliases. */
function wordsOf(c: NamedChild): { first: string[]; last: string[]; aliases: string[] } {
  const lastWords = nameWords(c.last_name);
  return {
    first: nameWords(c.first_name),
    last: [...new Set([...lastWords, lastWords.join('')])].filter(Boolean),
    aliases: (c.aliases ?? '').split(',').flatMap((a) => nameWords(a)),
  };
}

export type SearchQuery = { text: string; dob?: string };
export type Ranked<T> = T & { score: number; nameScore: number; dob: DateAgreement };

/** Below this a candidate is not shown (0.7: every word typed at least loosely like one of the child's). */
const SEARCH_FLOOR = 0.7;
/** With the date of birth the same, a looser name is still shown. */
const SEARCH_FLOOR_SAME_DOB = 0.5;

// DOMAIN §7: a search's candidates ranked: the date of birth the same first (then a typing slip away), then by how alike each word typed is to the child's names and aliases; a date of birth given and different leaves the child out, as do names not alike
export function rankSearch<T extends NamedChild>(query: SearchQuery, candidates: readonly T[], limit = 50): Ranked<T>[] {
  const typed = nameWords(query.text);
  const out: Ranked<T>[] = [];
  for (const c of candidates) {
    const dob = query.dob ? dateAgreement(query.dob, c.date_of_birth) : 'unknown';
    if (query.dob && dob === 'differs') continue;
    let nameScore = 1;
    if (typed.length) {
      const w = wordsOf(c);
      const all = [...w.first, ...w.last, ...w.aliases];
      nameScore = typed.reduce((s, t) => s + bestOf(t, all), 0) / typed.length;
      // The first word typed like a first name and the last like the last name: a small lead over the same words crossed.
      if (typed.length > 1 && bestOf(typed[0]!, w.first) >= 0.85 && bestOf(typed[typed.length - 1]!, w.last) >= 0.85) nameScore += 0.01;
    }
    if (nameScore < (dob === 'same' ? SEARCH_FLOOR_SAME_DOB : SEARCH_FLOOR)) continue;
    const score = nameScore + (dob === 'same' ? 1 : dob === 'near' ? 0.3 : 0);
    out.push({ ...c, score, nameScore, dob });
  }
  return out.sort((a, b) => b.score - a.score || a.last_name.localeCompare(b.last_name) || a.first_name.localeCompare(b.first_name)).slice(0, limit);
}

export type NewChild = { firstName: string; lastName: string; dateOfBirth?: string | null };
export type Duplicate<T> = T & { score: number; firstName: number; lastName: number; dob: DateAgreement };

/** A name at least this alike counts as the same name typed differently (one slip, a nickname, the same sound). */
const SAME_NAME = 0.88;

// DOMAIN §7: a new child is likely one already recorded when the date of birth is the same and the first name alike (the surname may have changed), or both names alike and the dates of birth near or not both known; the same surname and date with another first name is a twin, as the tracker reads it; names may have been swapped; aliases count as first names
export function likelyDuplicates<T extends NamedChild>(input: NewChild, candidates: readonly T[], limit = 10): Duplicate<T>[] {
  const first = nameWords(input.firstName);
  const lastWords = nameWords(input.lastName);
  const last = [...new Set([...lastWords, lastWords.join('')])].filter(Boolean);
  const alike = (typed: string[], recorded: string[]) => (typed.length && recorded.length ? Math.max(...typed.map((t) => bestOf(t, recorded))) : 0);
  const out: Duplicate<T>[] = [];
  for (const c of candidates) {
    const w = wordsOf(c);
    const given = [...w.first, ...w.aliases];
    let f = alike(first, given);
    let l = alike(last, w.last);
    const fSwapped = alike(first, w.last);
    const lSwapped = alike(last, given);
    if (fSwapped + lSwapped > f + l) [f, l] = [fSwapped, lSwapped];
    const dob = dateAgreement(input.dateOfBirth, c.date_of_birth);
    const likely = (dob === 'same' && f >= SAME_NAME) || ((dob === 'near' || dob === 'unknown') && f >= SAME_NAME && l >= SAME_NAME);
    if (!likely) continue;
    const score = (f + l) / 2 + (dob === 'same' ? 1 : dob === 'near' ? 0.5 : 0.25);
    out.push({ ...c, score, firstName: f, lastName: l, dob });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, limit);
}
