// Comparison of two encoded children, field by field, into Fellegi–Sunter comparison levels (issue 14,
// Matching). Works on encodings only: keyed hashes become 48-bit numbers, Bloom filters typed arrays.
import { bloomWords, type EncodedChild, type EncodedName } from './encode.ts';

/** A level index per field; `missing` when either side has no value (weight 0). */
export const missing = 255;

export const fieldNames = ['first_name', 'last_name', 'name_order', 'date_of_birth', 'gender', 'postcode', 'nhs_number', 'upn', 'alias'] as const;
export type FieldName = (typeof fieldNames)[number];
export const F = { first: 0, last: 1, order: 2, dob: 3, gender: 4, postcode: 5, nhs: 6, upn: 7, alias: 8 } as const;
export const fieldCount = fieldNames.length;

export const levelLabels: Record<FieldName, readonly string[]> = {
  first_name: [
    'exact',
    'nickname, other given name or alias',
    'one letter different, added, dropped or swapped',
    'similar spelling',
    'somewhat similar spelling',
    'sounds alike',
    'a short form: one name the start or end of the other, or the same first four letters',
    'initial agrees',
    'different',
  ],
  last_name: [
    'exact',
    'shared part, alias or former surname',
    'one letter different, added, dropped or swapped',
    'similar spelling',
    'somewhat similar spelling',
    'sounds alike',
    'different',
  ],
  name_order: ['as recorded', 'first and last names swapped'],
  date_of_birth: [
    'exact',
    'day and month transposed',
    'one day off',
    'same day and month, year one out',
    'one digit off, or two digits swapped',
    'day recorded as the 1st, same year and month',
    'same year and month',
    'the tens digit of the year different',
    'same day and month (either order), another year',
    'different',
  ],
  gender: ['same', 'different'],
  postcode: ['a postcode in common', 'same sector', 'same district', 'different'],
  nhs_number: ['same', 'different'],
  upn: ['same', 'different'],
  alias: ['an alias or street name in common', 'none in common'],
};

export const FN = { exact: 0, nickname: 1, oneEdit: 2, diceHigh: 3, diceMid: 4, phonetic: 5, affix: 6, initial: 7, different: 8 } as const;
export const PC = { inCommon: 0, sector: 1, district: 2, different: 3 } as const;
export const LN = { exact: 0, part: 1, oneEdit: 2, diceHigh: 3, diceMid: 4, phonetic: 5, different: 6 } as const;
export const DOB = {
  exact: 0,
  transposed: 1,
  oneDay: 2,
  yearOff: 3,
  oneDigit: 4,
  firstOfMonth: 5,
  yearMonth: 6,
  decade: 7,
  dayMonth: 8,
  different: 9,
} as const;

/** Dice thresholds on the Bloom filters of bigrams (issue 14: typing errors). */
const diceHigh = 0.75;
const diceMid = 0.55;

type PreparedName = {
  x: number;
  w: number[];
  g: number[];
  p: number[];
  bloom: Uint32Array;
  bits: number;
  initial: boolean;
  /** a surname's deletion neighbourhood (empty: none encoded) */
  d: number[];
  /** a first name's keyed prefixes of 3, 4, … letters and suffixes of 4, 5, … letters, in order of length (empty: none encoded) */
  pa: number[];
  sa: number[];
};

export type PreparedChild = {
  first: PreparedName | null;
  last: PreparedName | null;
  aliases: PreparedName[];
  /** y, f, fm: -1 / empty in an encoding made before they were added (their levels then never apply) */
  /** m: the eight one-digit masks, then (when encoded) the three swapped-digit forms */
  /** dm: the day and month in either order (-1: not encoded, never meets) */
  dob: { e: number; t: number; n: number[]; m: number[]; ym: number; y: number[]; f: number; fm: number; dm: number } | null;
  gender: number;
  pcFull: number[];
  pcSector: number[];
  pcDistrict: number[];
  nhs: number;
  upn: number;
  blocks: number[];
};

const b64 = new Int16Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('').forEach((c, i) => (b64[c.charCodeAt(0)] = i));

// Issue 14 (Privacy): a keyed hash is compared as a 48-bit number made of its first 8 base64url characters (never decoded to anything readable)
function hashNumber(s: string): number {
  let n = 0;
  for (let i = 0; i < 8; i++) {
    const v = b64[s.charCodeAt(i)] ?? -1;
    if (v < 0) throw new Error('Not an encoded value');
    n = n * 64 + v;
  }
  return n;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Name filters of many records in shared buffers (a full run holds hundreds of thousands: one small typed array each would cost more than its bits). */
export class BloomPool {
  private chunk = new Uint32Array(0);
  private used = 0;
  /** names already prepared, by their whole name, words, and what they carry: the same name under one key is one object, shared read-only by every record holding it */
  readonly names = new Map<string, PreparedName>();
  alloc(): Uint32Array {
    if (this.used + bloomWords > this.chunk.length) {
      this.chunk = new Uint32Array(bloomWords * 8192);
      this.used = 0;
    }
    const out = this.chunk.subarray(this.used, this.used + bloomWords);
    this.used += bloomWords;
    return out;
  }
}

function decodeBloom(s: string, pool: BloomPool | null): Uint32Array {
  const buf = Buffer.from(s, 'base64url');
  if (buf.length !== bloomWords * 4) throw new Error('A name filter has the wrong length');
  const out = pool ? pool.alloc() : new Uint32Array(bloomWords);
  for (let i = 0; i < bloomWords; i++) out[i] = buf.readUInt32LE(i * 4);
  return out;
}

/** one shared empty list (never written to) for the many empty lists of a prepared set */
const none: number[] = [];
const hashes = (xs: readonly string[] | undefined): number[] => (xs && xs.length ? xs.map(hashNumber) : none);

function prepareName(n: EncodedName, pool: BloomPool | null): PreparedName {
  if (!pool) return prepareNameOnce(n, null);
  // the keyed whole name fixes its filter and sound codes, the keyed words its nickname groups; whether an initial and whether the neighbourhood was encoded complete it
  const key = `${n.x}|${n.w.join(',')}|${n.i ?? 0}|${n.d ? n.d.length : -1}|${n.pa ? n.pa.length : -1}`;
  let out = pool.names.get(key);
  if (!out) pool.names.set(key, (out = prepareNameOnce(n, pool)));
  return out;
}

function prepareNameOnce(n: EncodedName, pool: BloomPool | null): PreparedName {
  const bloom = decodeBloom(n.b, pool);
  let bits = 0;
  for (let i = 0; i < bloomWords; i++) bits += popcount32(bloom[i]!);
  return {
    x: hashNumber(n.x),
    w: hashes(n.w),
    g: hashes(n.g),
    p: hashes(n.p),
    bloom,
    bits,
    initial: n.i === 1,
    d: hashes(n.d),
    pa: hashes(n.pa),
    sa: hashes(n.sa),
  };
}

// Issue 14 (Privacy): the tracker's working form of an encoding, still without plaintext; a full run passes a pool for the name filters
export function prepare(e: EncodedChild, pool: BloomPool | null = null): PreparedChild {
  return {
    first: e.first ? prepareName(e.first, pool) : null,
    last: e.last ? prepareName(e.last, pool) : null,
    aliases: e.aliases.length ? e.aliases.map((a) => prepareName(a, pool)) : [],
    dob: e.dob
      ? {
          e: hashNumber(e.dob.e),
          t: e.dob.t ? hashNumber(e.dob.t) : -1,
          n: e.dob.n.map(hashNumber),
          // the swapped-digit forms follow the eight masks in one list (compared position by position)
          m: e.dob.s?.length ? [...e.dob.m, ...e.dob.s].map(hashNumber) : e.dob.m.map(hashNumber),
          ym: hashNumber(e.dob.ym),
          y: hashes(e.dob.y),
          f: e.dob.f ? hashNumber(e.dob.f) : -1,
          fm: e.dob.fm ? hashNumber(e.dob.fm) : -2,
          dm: e.dob.dm ? hashNumber(e.dob.dm) : -1,
        }
      : null,
    gender: e.gender ? hashNumber(e.gender) : -1,
    pcFull: hashes(e.postcodes?.full),
    pcSector: hashes(e.postcodes?.sector),
    pcDistrict: hashes(e.postcodes?.district),
    nhs: e.nhs ? hashNumber(e.nhs) : -1,
    upn: e.upn ? hashNumber(e.upn) : -1,
    blocks: e.blocks.map(hashNumber),
  };
}

function intersects(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) if (a[i] === b[j]) return true;
  return false;
}

/** Dice of the two filters when it may reach `least`, else 0 (the common bits are at most the smaller filter's: 2·min/(|A|+|B|) bounds it, and most pairs compared are names of different lengths) */
function diceAtLeast(a: PreparedName, b: PreparedName, least: number): number {
  return 2 * Math.min(a.bits, b.bits) < least * (a.bits + b.bits) ? 0 : dice(a, b);
}

export function dice(a: PreparedName, b: PreparedName): number {
  const x = a.bloom;
  const y = b.bloom;
  let common = 0;
  for (let i = 0; i < bloomWords; i++) common += popcount32(x[i]! & y[i]!);
  return a.bits + b.bits === 0 ? 0 : (2 * common) / (a.bits + b.bits);
}

/** every bit of a (an initial's leading bigram) is set in b */
function contained(a: PreparedName, b: PreparedName): boolean {
  for (let i = 0; i < bloomWords; i++) if ((a.bloom[i]! & b.bloom[i]!) >>> 0 !== a.bloom[i]!) return false;
  return true;
}

/** Two names of four letters or more one slip apart share at least two in five of their bigrams (a swap in a four-letter name): below this Dice the neighbourhoods are not compared. */
const slipDice = 0.35;
/** the two names' deletion neighbourhoods meet: one typing slip apart */
const oneSlip = (a: PreparedName, b: PreparedName) => a.d.length > 0 && b.d.length > 0 && Math.abs(a.d.length - b.d.length) <= 4 && intersects(a.d, b.d);

// Issue 14 (nicknames the table does not list): the shorter first name (three letters or more) is the start of the longer (Fred / Frederick, Alex / Alexandra), or (four or more) its end (Liam / William, Bella / Isabella, Xander / Alexander), or both names of five letters or more begin with the same four (Freddie / Frederic); read from the keyed prefixes and suffixes, by position (the i-th is i + 3 letters long)
export function shortFormOf(a: PreparedName, b: PreparedName): boolean {
  return affixKind(a, b) !== 0;
}

/** 0: not a short form; 1: the shorter name the start or end of the longer (containment); 2: only the same first four letters (the weaker form, which twins' names share as often: Jonah / Jonathan) */
export function affixKind(a: PreparedName, b: PreparedName): 0 | 1 | 2 {
  if (a.pa.length === 0 || b.pa.length === 0) return 0;
  const [s, l] = a.pa.length <= b.pa.length ? [a, b] : [b, a];
  const k = s.pa.length;
  if (k < l.pa.length) {
    if (l.pa[k - 1] === s.pa[k - 1]) return 1;
    const j = s.sa.length;
    if (j > 0 && l.sa[j - 1] === s.sa[j - 1]) return 1;
  }
  return k >= 3 && l.pa[1] === s.pa[1] ? 2 : 0;
}

// Issue 14 (nicknames and spelling variants, typing errors): first-name levels, best first
function givenLevel(a: PreparedName, b: PreparedName): number {
  if (a.initial || b.initial) {
    if (a.initial && b.initial) return a.x === b.x ? FN.initial : FN.different;
    return contained(a.initial ? a : b, a.initial ? b : a) ? FN.initial : FN.different;
  }
  if (a.x === b.x) return FN.exact;
  if (intersects(a.g, b.g) || intersects(a.w, b.w)) return FN.nickname;
  const d = diceAtLeast(a, b, slipDice);
  // Issue 14 (typing errors): one typing slip apart (the deletion neighbourhoods meet; first names of four letters or more)
  if (d >= slipDice && oneSlip(a, b)) return FN.oneEdit;
  if (d >= diceHigh) return FN.diceHigh;
  if (d >= diceMid) return FN.diceMid;
  if (intersects(a.p, b.p)) return FN.phonetic;
  if (shortFormOf(a, b)) return FN.affix;
  return FN.different;
}

// Issue 14 (double-barrelled and changed surnames, typing errors): last-name levels, best first
function surnameLevel(a: PreparedName, b: PreparedName): number {
  if (a.initial || b.initial)
    return a.initial && b.initial && a.x === b.x
      ? LN.phonetic
      : a.initial !== b.initial && contained(a.initial ? a : b, a.initial ? b : a)
        ? LN.phonetic
        : LN.different;
  if (a.x === b.x) return LN.exact;
  if (intersects(a.w, b.w)) return LN.part;
  const d = diceAtLeast(a, b, slipDice);
  // Issue 14 (typing errors): one typing slip apart (the deletion neighbourhoods meet)
  if (d >= slipDice && oneSlip(a, b)) return LN.oneEdit;
  if (d >= diceHigh) return LN.diceHigh;
  if (d >= diceMid) return LN.diceMid;
  if (intersects(a.p, b.p)) return LN.phonetic;
  return LN.different;
}

/** the first-name level after the aliases were searched: `was` missing (no first name on one side) and no alias agreeing stays missing */
const fromAliases = (level: number, was: number) => (was === missing && level === FN.different ? missing : level);

const lastFromAliases = (level: number, was: number) => (was === missing && level === LN.different ? missing : level);

/** given level against the other record's aliases: an exact alias counts as the nickname/alias level */
function givenVsAliases(a: PreparedName, aliases: PreparedName[], best: number): number {
  for (const al of aliases) {
    if (best <= FN.nickname) return best;
    const l = givenLevel(a, al);
    best = Math.min(best, l === FN.exact ? FN.nickname : l);
  }
  return best;
}
function surnameVsAliases(a: PreparedName, aliases: PreparedName[], best: number): number {
  for (const al of aliases) {
    if (best <= LN.part) return best;
    const l = surnameLevel(a, al);
    best = Math.min(best, l === LN.exact ? LN.part : l);
  }
  return best;
}

// Issue 14 (first and last name swapped): the swapped names' given-name levels agree enough to read the pair as swapped
export function swapAgrees(fx: number, lx: number): boolean {
  if (fx <= FN.diceHigh && lx <= FN.diceHigh) return true;
  return Math.max(fx, lx) === FN.diceMid && Math.min(fx, lx) <= FN.nickname;
}

export type Comparison = {
  levels: Uint8Array;
  /** the exact first and last name hashes when they agreed exactly (for term frequency; swapped, the first record's), else -1 */
  firstValue: number;
  lastValue: number;
  /** surnames one typing slip apart: the other record's surname hash (lastValue is the first's), for their frequency; else -1 */
  lastOther: number;
  /** an alias word both records hold (not a form of either's first name), for its frequency; else -1 */
  aliasValue: number;
  /** first names at the `different` level that still share much of their spelling (an unlisted nickname or a short form: Mia/Amelia, Freddie/Frederic), see firstNamesRelated */
  firstRelated: boolean;
  /** first names at the affix level only by their first four letters (not one the start or end of the other), see affixKind; read by the twin rule */
  firstStem: boolean;
};

/** Share of the shorter first name's bigram filter found in the other's, at or above which two first names are not "clearly different" for the twin rule. */
const relatedOverlap = 0.45;

// Issue 14 (twins vs nicknames): two first names are related when the shorter's bigram filter lies largely inside the longer's (overlap coefficient |A∩B|/min(|A|,|B|)), as a short form or an unlisted nickname does (Mia/Amelia, Kayie/Katherine); twins' names rarely do (Olivia/Katie, Evie/Toby)
export function firstNamesRelated(a: PreparedName, b: PreparedName): boolean {
  if (a.initial || b.initial) return false;
  let common = 0;
  for (let i = 0; i < bloomWords; i++) common += popcount32(a.bloom[i]! & b.bloom[i]!);
  const least = Math.min(a.bits, b.bits);
  return least > 0 && common / least >= relatedOverlap;
}

// DOMAIN §4 / issue 14 (twins vs a mistyped first name): first names sharing as much of their spelling as one typing slip leaves (Dice ≥ slipDice) though no level met them (a spelling variant and a slip: Noami / Naoji, Jacob / Jakoh), on records whose addresses are in different districts, are related for the twin rule: held at possible for a person, not excluded. Twins share a home, so at one address, sector or district (or with none recorded) such names stay clearly different for the twin rule
export function firstNamesAlike(a: PreparedName, b: PreparedName): boolean {
  return !a.initial && !b.initial && diceAtLeast(a, b, slipDice) >= slipDice;
}

// Issue 14 (Matching): the comparison vector of two encoded children; `out` is reused to avoid allocation per pair
export function compare(a: PreparedChild, b: PreparedChild, out: Comparison): Comparison {
  const L = out.levels;
  out.firstValue = -1;
  out.lastValue = -1;
  out.lastOther = -1;
  out.aliasValue = -1;
  out.firstRelated = false;
  out.firstStem = false;
  // names, as recorded and swapped, each also against the other's aliases
  let fn = missing;
  let ln = missing;
  if (a.first && b.first) fn = givenLevel(a.first, b.first);
  // Issue 14 (a first name missing on one side): that record's aliases (street names, mostly) are searched for the other's first name, and only an agreement counts: an alias unlike the name is no evidence that the names differ (the twin rule would read it as different first names)
  if (a.first && b.aliases.length) fn = fromAliases(givenVsAliases(a.first, b.aliases, fn === missing ? FN.different : fn), fn);
  if (b.first && a.aliases.length) fn = fromAliases(givenVsAliases(b.first, a.aliases, fn === missing ? FN.different : fn), fn);
  if (a.last && b.last) ln = surnameLevel(a.last, b.last);
  // the same for a surname missing on one side (a former surname held as an alias still agrees)
  if (a.last && b.aliases.length) ln = lastFromAliases(surnameVsAliases(a.last, b.aliases, ln === missing ? LN.different : ln), ln);
  if (b.last && a.aliases.length) ln = lastFromAliases(surnameVsAliases(b.last, a.aliases, ln === missing ? LN.different : ln), ln);
  let order = a.first && a.last && b.first && b.last ? 0 : missing;
  // Issue 14 (first and last name swapped): used when both swapped names agree well (or one exactly or as a nickname and the other with a typing error, somewhat similar) and better than as recorded
  if (order === 0 && (fn > FN.nickname || ln > LN.part)) {
    const fx = givenLevel(a.first!, b.last!);
    // a swap agrees only if each swapped name agrees at least somewhat (swapAgrees): the second comparison is made only when the first allows it
    const lx = fx <= FN.diceMid ? givenLevel(a.last!, b.first!) : FN.different;
    if (swapAgrees(fx, lx)) {
      const lnx = lx === FN.exact ? LN.exact : lx === FN.nickname ? LN.part : lx === FN.oneEdit ? LN.oneEdit : lx === FN.diceHigh ? LN.diceHigh : LN.diceMid;
      if (fx + lnx < fn + ln) {
        fn = fx;
        ln = lnx;
        order = 1;
      }
    }
  }
  if (fn === FN.exact && order === 0 && a.first!.x === b.first!.x) out.firstValue = a.first!.x;
  if (ln === LN.exact && order === 0 && a.last!.x === b.last!.x) out.lastValue = a.last!.x;
  // Issue 14 (swapped names and common names): a swap's exactly agreeing names are counted too (Ali Mohammed and Mohammed Ali are common both ways), in either role (termCounts)
  if (order === 1 && fn === FN.exact && a.first!.x === b.last!.x) out.firstValue = a.first!.x;
  if (order === 1 && ln === LN.exact && a.last!.x === b.first!.x) out.lastValue = a.last!.x;
  if (ln === LN.oneEdit && order === 0) {
    out.lastValue = a.last!.x;
    out.lastOther = b.last!.x;
  }
  L[F.first] = fn;
  L[F.last] = ln;
  L[F.order] = order;

  // Issue 14 (dates of birth): exact, transposed, one day off, the year one out (an age remembered rather than the date), one digit off, the day recorded as the 1st (only the month known), same year and month
  const da = a.dob;
  const db = b.dob;
  if (!da || !db) L[F.dob] = missing;
  else if (da.e === db.e) L[F.dob] = DOB.exact;
  else if (da.t === db.e) L[F.dob] = DOB.transposed;
  else if (db.n[0] === da.e || db.n[1] === da.e) L[F.dob] = DOB.oneDay;
  else if (db.y.length && (db.y[0] === da.e || db.y[1] === da.e)) L[F.dob] = DOB.yearOff;
  // DOMAIN §4 (dates of birth): a decade slip (2012 / 2002) is its own level, not the generic one digit: its m is the data's own rate of such slips and its u the share of other children born on the same day and month ten years apart (few, in a population of children)
  else if (da.m.length > 2 && db.m.length > 2 && da.m[2] === db.m[2]) L[F.dob] = DOB.decade;
  else {
    let digit = false;
    // one digit masked alike, or (from the ninth on) two digits swapped: the same position's ordered pair agrees
    for (let i = 0; i < da.m.length && i < db.m.length; i++) if (da.m[i] === db.m[i]) digit = true;
    L[F.dob] = digit
      ? DOB.oneDigit
      : da.ym !== db.ym
        ? // DOMAIN §4 (dates of birth): the birthday kept and the year wrong by more than one digit or one year (a year guessed from an age, or two slips: 2013 / 2022, 2011-06-09 / 2021-09-06) is its own level, weighed by the data's own rate (m) against the share of other children sharing a birthday (u, about 1 in 270)
          da.dm >= 0 && da.dm === db.dm
          ? DOB.dayMonth
          : DOB.different
        : da.f === db.fm || db.f === da.fm
          ? DOB.firstOfMonth
          : DOB.yearMonth;
  }

  L[F.gender] = a.gender < 0 || b.gender < 0 ? missing : a.gender === b.gender ? 0 : 1;

  // Issue 14 (postcodes over time): any postcode of either history in common, else the closest level
  if (a.pcDistrict.length === 0 || b.pcDistrict.length === 0) L[F.postcode] = missing;
  else if (intersects(a.pcFull, b.pcFull)) L[F.postcode] = PC.inCommon;
  else if (intersects(a.pcSector, b.pcSector)) L[F.postcode] = PC.sector;
  else if (intersects(a.pcDistrict, b.pcDistrict)) L[F.postcode] = PC.district;
  else L[F.postcode] = PC.different;

  // only the twin and household rules read it (surnames agreeing, and the same date of birth or an address in common): not worked out for other pairs
  if (fn === FN.different && order === 0 && a.first && b.first && ln <= LN.oneEdit && (L[F.dob] === DOB.exact || L[F.postcode] === PC.inCommon))
    out.firstRelated = firstNamesRelated(a.first, b.first) || (L[F.postcode] === PC.different && firstNamesAlike(a.first, b.first));
  // a short form is related by definition (the twin and household rules read it as they read related names)
  else if (fn === FN.affix) {
    out.firstRelated = true;
    // the weaker form (the same first four letters) of the two first names themselves, for the twin rule (surnames agreeing)
    if (order === 0 && a.first && b.first && ln <= LN.oneEdit) out.firstStem = affixKind(a.first, b.first) === 2;
  }

  L[F.nhs] = a.nhs < 0 || b.nhs < 0 ? missing : a.nhs === b.nhs ? 0 : 1;
  L[F.upn] = a.upn < 0 || b.upn < 0 ? missing : a.upn === b.upn ? 0 : 1;

  // Issue 14 (aliases, street names): an alias word both records hold; a short form of the child's own first name is not one (it follows the name)
  L[F.alias] = missing;
  if (a.aliases.length && b.aliases.length) {
    L[F.alias] = 1;
    for (const x of a.aliases) {
      for (const y of b.aliases) {
        if (x.x === y.x && !knownAs(x, a.first) && !knownAs(y, b.first)) {
          L[F.alias] = 0;
          out.aliasValue = x.x;
          return out;
        }
      }
    }
  }
  return out;
}

/** an alias that is a form of the record's own first name (a nickname of it, one of its words, or a short form sharing much of its spelling: Zuzia / Zuzanna) */
const knownAs = (alias: PreparedName, first: PreparedName | null) =>
  first !== null && (intersects(alias.g, first.g) || intersects(alias.w, first.w) || firstNamesRelated(alias, first));

export const newComparison = (): Comparison => ({
  levels: new Uint8Array(fieldCount),
  firstValue: -1,
  lastValue: -1,
  lastOther: -1,
  aliasValue: -1,
  firstRelated: false,
  firstStem: false,
});
