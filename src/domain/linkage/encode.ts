// Privacy-preserving encoding of a child's identifying fields (issue 14, Privacy: "each partnership encodes
// its children's identifying fields before anything leaves it … under a key the participating
// partnerships share and the tracker does not hold"). The output holds no plaintext: keyed hashes
// (HMAC-SHA256, truncated to 96 bits) and keyed Bloom filters of name bigrams, JSON-serialisable.
import { createCipheriv, hash } from 'node:crypto';
import { doubleMetaphone } from 'double-metaphone';
import {
  normaliseGivenName,
  normaliseSurname,
  splitWholeName,
  normaliseDate,
  normalisePostcode,
  normaliseGender,
  normaliseNhsNumber,
  normaliseUpn,
  neighbourDays,
  dateDigits,
  validDate,
  nameWords,
  type NormalName,
  type NormalDate,
} from './normalise.ts';
import { nicknameGroupsOf } from './nicknames.ts';

/** What a partnership knows of a child, in plaintext, before encoding. Every field may be missing. */
export type ChildIdentity = {
  firstName?: string | null;
  lastName?: string | null;
  aliases?: readonly string[] | null;
  dateOfBirth?: string | null;
  gender?: string | null;
  /** the address history, newest first: full or partial UK postcodes */
  postcodes?: readonly string[] | null;
  nhsNumber?: string | null;
  upn?: string | null;
};

/** One encoded name: keyed hashes only. */
export type EncodedName = {
  /** the whole name */
  x: string;
  /** each word (given names) or part (double-barrelled surnames) */
  w: string[];
  /** nickname and spelling-variant groups */
  g: string[];
  /** double-metaphone codes of the whole name and of each word */
  p: string[];
  /** Bloom filter of the padded name's bigrams, 1024 bits, base64url */
  b: string;
  /** only an initial was recorded */
  i?: 1;
  /** first names and surnames of four letters or more: the name and each form of it with one letter dropped, sorted (two names one typing slip apart share one: a letter wrong, added, dropped, doubled or two swapped); absent in an encoding made before it was added (first names: before they had one) */
  d?: string[];
  /** first names of three letters or more: the name's first 3, 4, … letters (to 8), in that order, the last the whole name when it is no longer; keyed, absent in an encoding made before it was added */
  pa?: string[];
  /** likewise its last 4, 5, … letters (to 8), in that order */
  sa?: string[];
};

type EncodedDate = {
  /** exact */
  e: string;
  /** day and month transposed (when that is a date) */
  t: string | null;
  /** the day before and the day after */
  n: string[];
  /** each of the 8 digits masked in turn (yyyymmdd) */
  m: string[];
  /** year and month */
  ym: string;
  /** the two digits of the year's last two, the month and the day each put in order (a date with those two digits swapped shares it): absent in an encoding made before it was added */
  s?: string[];
  /** the same day and month a year earlier and a year later (when that is a date): the year one out */
  y?: string[];
  /** when the day is the 1st, the year and month under their own key (the day may be a placeholder for "not known"), else a value that meets nothing */
  f?: string;
  /** year and month under the key of `f` */
  fm?: string;
  /** the day and month, in either order (the year not), under their own key: absent in an encoding made before it was added */
  dm?: string;
};

export type EncodedChild = {
  v: 1;
  first: EncodedName | null;
  last: EncodedName | null;
  /** alias and nickname words, each compared with the other record's first and last names */
  aliases: EncodedName[];
  dob: EncodedDate | null;
  gender: string | null;
  /** postcodes over the address history, at three levels */
  postcodes: { full: string[]; sector: string[]; district: string[] } | null;
  nhs: string | null;
  upn: string | null;
  /** keyed blocking keys (composite: name codes with date of birth, year or postcode) */
  blocks: string[];
};

const bloomBits = 1024;
export const bloomWords = bloomBits / 32;
/** bit positions set per bigram (16 × 10-bit positions from one HMAC, random hashing rather than double hashing) */
const bloomHashes = 16;
const maxAliasWords = 6;
const maxPostcodes = 8;
/** the longest prefix and suffix of a first name encoded (affix levels): a short form is rarely longer (a longer name is read as this long, so it only meets a longer one through its first four letters) */
const affixMax = 8;

export type Encoder = {
  encode(child: ChildIdentity): EncodedChild;
};

/** A 128-bit fingerprint of a message (four 32-bit lanes, murmur3-style mixing); unkeyed, only ever encrypted before use. */
function fingerprint(m: string, out: Buffer, at: number): void {
  let h1 = 0x9747b28c ^ m.length;
  let h2 = 0x85ebca6b ^ m.length;
  let h3 = 0xc2b2ae35 ^ m.length;
  let h4 = 0x27d4eb2f ^ m.length;
  for (let i = 0; i < m.length; i++) {
    const c = m.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0xcc9e2d51);
    h1 = (h1 << 15) | (h1 >>> 17);
    h2 = Math.imul(h2 ^ c, 0x1b873593);
    h2 = (h2 << 13) | (h2 >>> 19);
    h3 = Math.imul(h3 ^ c, 0x85ebca77);
    h3 = (h3 << 17) | (h3 >>> 15);
    h4 = Math.imul(h4 ^ c, 0xc2b2ae3d);
    h4 = (h4 << 11) | (h4 >>> 21);
    h1 = (h1 + h2) | 0;
    h2 = (h2 + h3) | 0;
    h3 = (h3 + h4) | 0;
    h4 = (h4 + h1) | 0;
  }
  const fmix = (h: number) => {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  h1 = fmix(h1 + h4);
  h2 = fmix(h2 ^ h1);
  h3 = fmix(h3 + h2);
  h4 = fmix(h4 ^ h3);
  out.writeUInt32LE(h1, at);
  out.writeUInt32LE(h2, at + 4);
  out.writeUInt32LE(h3, at + 8);
  out.writeUInt32LE(h4, at + 12);
}

// Issue 14 (Privacy): the key is shared by the partnerships and never held by the tracker; at least 16 bytes
export function createEncoder(key: Uint8Array | string): Encoder {
  const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (keyBytes.length < 16) throw new Error('The linkage key must be at least 16 bytes');
  const gramCache = new Map<string, Uint16Array>();

  // HMAC-SHA256 (RFC 2104) over one-shot hashes: the same output as createHmac, several times faster per call
  const block = Buffer.alloc(64);
  (keyBytes.length > 64 ? hash('sha256', keyBytes, 'buffer') : keyBytes).copy(block);
  const inner = Buffer.alloc(64 + 1024);
  const outer = Buffer.alloc(64 + 32);
  for (let i = 0; i < 64; i++) {
    inner[i] = block[i]! ^ 0x36;
    outer[i] = block[i]! ^ 0x5c;
  }
  const hmac = (message: string): Buffer => {
    const len = inner.write(message.length > 900 ? message.slice(0, 900) : message, 64, 'utf8');
    hash('sha256', inner.subarray(0, 64 + len), 'buffer').copy(outer, 64);
    return hash('sha256', outer, 'buffer');
  };
  // Issue 14 (Privacy): the keyed values of a record are computed together: AES-256 under a key derived from the shared key (HMAC), over each value's 128-bit fingerprint; a keyed pseudorandom function, as HMAC is, in one call per record
  const cipher = createCipheriv('aes-256-ecb', hmac('linkage value key v1'), null);
  cipher.setAutoPadding(false);
  let batch = Buffer.alloc(16 * 128);
  let packed = Buffer.alloc(12 * 128);
  // no cache: a fingerprint and one AES block cost less than looking a value up
  const keyedAll = (messages: string[]): string[] => {
    const n = messages.length;
    if (batch.length < n * 16) {
      batch = Buffer.alloc(n * 32);
      packed = Buffer.alloc(n * 24);
    }
    for (let i = 0; i < n; i++) fingerprint(messages[i]!, batch, i * 16);
    const enc = cipher.update(batch.subarray(0, n * 16));
    // each value is its block's first 96 bits: 12 bytes, exactly 16 base64url characters, so one conversion serves the record
    for (let i = 0; i < n; i++) enc.copy(packed, i * 12, i * 16, i * 16 + 12);
    const text = packed.toString('base64url', 0, n * 12);
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = text.slice(i * 16, i * 16 + 16);
    return out;
  };
  const gramPositions = (gram: string): Uint16Array => {
    let pos = gramCache.get(gram);
    if (!pos) {
      const d = hmac('bloom\u0000' + gram);
      pos = new Uint16Array(bloomHashes);
      for (let i = 0; i < bloomHashes; i++) pos[i] = d.readUInt16LE(i * 2) % bloomBits;
      gramCache.set(gram, pos);
    }
    return pos;
  };
  /** messages of one record, hashed together; h() returns a placeholder resolved after the batch */
  let pending: string[] = [];
  let resolved: string[] = [];
  const h = (domain: string, value: string): string => {
    pending.push(domain + '\u0000' + value);
    return '\u0001' + (pending.length - 1);
  };
  const r = (placeholder: string): string => resolved[Number(placeholder.slice(1))]!;
  const rs = (xs: string[]) => xs.map(r);
  const bloom = (s: string, initialOnly: boolean): string => {
    const bits = new Uint32Array(bloomWords);
    const padded = '_' + s + '_';
    // an initial is only its leading bigram, so that it is contained in the full name's filter
    const last = initialOnly ? 1 : padded.length - 1;
    for (let i = 0; i < last; i++) {
      for (const p of gramPositions(padded.slice(i, i + 2))) bits[p >>> 5]! |= 1 << (p & 31);
    }
    return Buffer.from(bits.buffer).toString('base64url');
  };
  const phon = (s: string): string[] => {
    const [a, b] = doubleMetaphone(s);
    return a === b ? [a] : [a, b];
  };

  // Issue 14 (typing errors in names): the deletion neighbourhood of a first name or surname (the name, and the name less each one letter), keyed
  const deletions = (s: string): string[] => {
    const out = new Set<string>([s]);
    for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
    return [...out].map((v) => h('del', v));
  };
  const encodeName = (n: NormalName, slips: 'first' | 'last' | false = false): EncodedName => {
    const words = n.words;
    const codes = new Set<string>([...phon(n.joined), ...words.flatMap(phon)].filter(Boolean));
    const groups = new Set<number>(words.flatMap((w) => nicknameGroupsOf(w)));
    const out: EncodedName = {
      x: h('name', n.joined),
      w: words.map((w) => h('name', w)),
      g: [...groups].map((g) => h('nick', String(g))),
      p: [...codes].map((c) => h('phon', c)),
      b: bloom(n.joined, n.initialOnly),
    };
    if (n.initialOnly) out.i = 1;
    if (slips && !n.initialOnly && n.joined.length >= 4) out.d = deletions(n.joined);
    // Issue 14 (unlisted short forms): a first name's keyed prefixes and suffixes, so that a short form no table lists is met (Liam / William, Fred / Frederick, Freddie / Frederic)
    if (slips === 'first' && !n.initialOnly && n.joined.length >= 3) {
      const s = n.joined;
      const top = Math.min(s.length, affixMax);
      out.pa = [];
      out.sa = [];
      for (let k = 3; k <= top; k++) out.pa.push(h('affix', 'p' + s.slice(0, k)));
      for (let k = 4; k <= top; k++) out.sa.push(h('affix', 's' + s.slice(s.length - k)));
    }
    // Issue 14 (typing errors in surnames): a three-letter surname carries the name alone, in the neighbourhoods' domain, so that it meets the four-letter surname it is one letter short of (Hil / Hill, Log / Long); its own deletions (two letters) would make most three-letter surnames one slip from one another (Cox / Fox)
    else if (slips === 'last' && !n.initialOnly && n.joined.length === 3) out.d = [h('del', n.joined)];
    return out;
  };

  const encodeDate = (x: NormalDate): EncodedDate => {
    const digits = dateDigits(x);
    return {
      e: h('dob', digits),
      t: x.d !== x.m && validDate(x.y, x.d, x.m) ? h('dob', dateDigits({ y: x.y, m: x.d, d: x.m })) : null,
      n: neighbourDays(x).map((d) => h('dob', dateDigits(d))),
      m: [...digits].map((_, i) => h('dobmask', digits.slice(0, i) + '*' + digits.slice(i + 1))),
      ym: h('dobym', digits.slice(0, 6)),
      // Issue 14 (typing errors in dates): two digits of the year, the month or the day typed the wrong way round (2012 / 2021, 03-12 / 03-21)
      s: [2, 4, 6].map((i) => h('dobswap', i + ':' + digits.slice(0, i) + [digits[i], digits[i + 1]].sort().join('') + digits.slice(i + 2))),
      y: [-1, 1].filter((k) => validDate(x.y + k, x.m, x.d)).map((k) => h('dob', dateDigits({ y: x.y + k, m: x.m, d: x.d }))),
      f: h('dob1st', x.d === 1 ? digits.slice(0, 6) : digits),
      fm: h('dob1st', digits.slice(0, 6)),
      dm: h('dobdm', [digits.slice(4, 6), digits.slice(6, 8)].sort().join('')),
    };
  };

  return {
    encode(child: ChildIdentity): EncodedChild {
      const names = splitWholeName(child.firstName, child.lastName);
      const first = normaliseGivenName(names.firstName);
      const last = normaliseSurname(names.lastName);
      const aliasWords = [
        ...new Set((child.aliases ?? []).flatMap((a) => nameWords(a)).filter((w) => w.length > 1 && w !== first?.joined && w !== last?.joined)),
      ].slice(0, maxAliasWords);
      const dob = normaliseDate(child.dateOfBirth);
      const pcs = (child.postcodes ?? [])
        .map(normalisePostcode)
        .filter((p) => p !== null)
        .slice(0, maxPostcodes);
      const nhs = normaliseNhsNumber(child.nhsNumber);
      const upn = normaliseUpn(child.upn);
      const gender = normaliseGender(child.gender);

      // DOMAIN §4 (blocking): composite keys only, so that the tracker compares a national set without all-against-all
      const blocks = new Set<string>();
      const firstCodes = new Set<string>();
      const lastCodes = new Set<string>();
      const mp = (w: string) => 'p' + doubleMetaphone(w)[0];
      const prefix = (w: string) => 'x' + w.slice(0, 2);
      // DOMAIN §4 (blocking): each of the first two given names is a code (a middle name recorded before the name the child is known by: "Grace Chloe" / "Chloe")
      if (first && !first.initialOnly) {
        for (const w0 of first.words.slice(0, 2)) {
          for (const g of nicknameGroupsOf(w0)) firstCodes.add('g' + g);
          firstCodes.add(mp(w0));
          firstCodes.add(prefix(w0));
        }
      }
      for (const a of aliasWords.slice(0, 2)) {
        firstCodes.add(mp(a));
        lastCodes.add(mp(a));
      }
      if (last && !last.initialOnly) {
        lastCodes.add(mp(last.joined));
        lastCodes.add(prefix(last.joined));
        for (const part of last.words.slice(0, 3)) lastCodes.add(mp(part));
      }
      const dobCanon = dob ? `${dob.y}-${Math.min(dob.d, dob.m)}-${Math.max(dob.d, dob.m)}` : null;
      const add = (rule: string, value: string) => blocks.add(rule + ':' + value);
      // issue 14 (first and last names swapped): a pair of name codes is keyed in either order
      const pair = (f: string, l: string) => (f < l ? f + '|' + l : l + '|' + f);
      const initial = first ? 'i' + first.joined[0] : null;
      const lastInitial = last ? last.joined[0]! : null;
      for (const l of lastCodes) {
        for (const f of firstCodes) {
          if (dob) add('fly', dob.y + '|' + pair(f, l));
          // without the year, only sounds and nickname groups (two-letter prefixes would make national blocks too large)
          if (f[0] !== 'x' && l[0] !== 'x') add('fl', pair(f, l));
        }
        if (dob && initial) add('fly', dob.y + '|' + pair(initial, l));
      }
      // DOMAIN §4 (blocking): without the date of birth (missing on one side), a typing error in one name is still met: the other name's sound or nickname group with the mistyped name's first three letters
      const three = (n: NormalName | null) => (n && !n.initialOnly && n.joined.length >= 3 ? 't' + n.joined.slice(0, 3) : null);
      const first3 = three(first);
      const last3 = three(last);
      if (last3) for (const f of firstCodes) if (f[0] !== 'x') add('fl3', pair(f, last3));
      if (first3) for (const l of lastCodes) if (l[0] !== 'x') add('fl3', pair(first3, l));
      // DOMAIN §4 (blocking): the date of birth (day and month in either order) with any name code, or with both initials
      if (dobCanon) {
        for (const c of new Set([...firstCodes, ...lastCodes])) add('dn', dobCanon + '|' + c);
        if (initial && lastInitial) add('di', dobCanon + '|' + [initial.slice(1), lastInitial].sort().join(''));
      }
      // DOMAIN §4 (blocking): the year one out (an age remembered rather than the date) meets no key above holding the date or its year when a name is also mistyped: the day and month (either order) with one name's sound and the other's initial (both names agreeing in sound meet without the year already)
      // an initial alone for the first name meets through its initial and the surname's sound (J Parker 2019-01-09 / Jodie Parker 2009-01-09)
      if (dob && first && last && !last.initialOnly) {
        const dm = Math.min(dob.d, dob.m) + '-' + Math.max(dob.d, dob.m);
        if (!first.initialOnly) add('dm', dm + '|' + pair(mp(first.words[0]!), 'i' + last.joined[0]));
        add('dm', dm + '|' + pair('i' + first.joined[0], mp(last.joined)));
      }
      // DOMAIN §4 (blocking): a decade slip (2012 / 2002) with one name changed or missing (a surname changed, a first name not recorded) meets no key above: the day and month (either order) and the year without its tens digit, with either name's sound alone (the year's other digits keep the blocks small: without them, or without the last, a child's age span would put most of a name's birthdays in one block)
      if (dob) {
        const dm = Math.min(dob.d, dob.m) + '-' + Math.max(dob.d, dob.m);
        const y = String(dob.y);
        const decade = y.slice(0, 2) + '_' + y.slice(3);
        if (first && !first.initialOnly) add('dmf', dm + '|' + decade + '|' + mp(first.words[0]!));
        if (last && !last.initialOnly) add('dml', dm + '|' + decade + '|' + mp(last.joined));
      }
      for (const pc of pcs) {
        if (!pc.full) continue;
        for (const f of firstCodes) add('pf', pc.full + '|' + f);
        if (dobCanon) add('pd', pc.full + '|' + dobCanon);
      }
      if (nhs) add('nhs', nhs);
      if (upn) add('upn', upn);

      const uniq = (xs: string[]) => [...new Set(xs)];
      const firstE = first ? encodeName(first, 'first') : null;
      const lastE = last ? encodeName(last, 'last') : null;
      const aliasE = aliasWords.map((w) => encodeName({ joined: w, words: [w], initialOnly: false }));
      const dobE = dob ? encodeDate(dob) : null;
      const genderE = gender ? h('gender', gender) : null;
      const pcFull = pcs.filter((p) => p.full).map((p) => h('pc', p.full));
      const pcSector = pcs.filter((p) => p.sector).map((p) => h('pcs', p.sector));
      const pcDistrict = pcs.map((p) => h('pcd', p.district));
      const nhsE = nhs ? h('nhs', nhs) : null;
      const upnE = upn ? h('upn', upn) : null;
      const blockE = [...blocks].map((b) => h('block', b));
      resolved = keyedAll(pending);
      pending = [];
      const name = (n: EncodedName): EncodedName => {
        const o: EncodedName = { x: r(n.x), w: uniq(rs(n.w)), g: uniq(rs(n.g)), p: uniq(rs(n.p)), b: n.b };
        if (n.i) o.i = 1;
        if (n.d) o.d = uniq(rs(n.d)).sort();
        // in order of length (the comparison reads the position), not de-duplicated
        if (n.pa) o.pa = rs(n.pa);
        if (n.sa) o.sa = rs(n.sa);
        return o;
      };
      const out: EncodedChild = {
        v: 1,
        first: firstE ? name(firstE) : null,
        last: lastE ? name(lastE) : null,
        aliases: aliasE.map(name),
        dob: dobE
          ? {
              e: r(dobE.e),
              t: dobE.t ? r(dobE.t) : null,
              n: rs(dobE.n),
              m: rs(dobE.m),
              ym: r(dobE.ym),
              s: rs(dobE.s!),
              y: rs(dobE.y!),
              f: r(dobE.f!),
              fm: r(dobE.fm!),
              dm: r(dobE.dm!),
            }
          : null,
        gender: genderE ? r(genderE) : null,
        postcodes: pcs.length ? { full: uniq(rs(pcFull)), sector: uniq(rs(pcSector)), district: uniq(rs(pcDistrict)) } : null,
        nhs: nhsE ? r(nhsE) : null,
        upn: upnE ? r(upnE) : null,
        blocks: uniq(rs(blockE)),
      };
      resolved = [];
      return out;
    },
  };
}
