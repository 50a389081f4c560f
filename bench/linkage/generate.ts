/**
 * Synthetic children with truth, for measuring record linkage across partnerships (issue #14, "Measurement").
 *
 *   node bench/linkage/generate.ts --size small|national [--records N --partnerships P] --seed S --out DIR
 *
 * Writes DIR/records.csv (`ref,partnership,first_name,last_name,date_of_birth,gender,postcode,aliases`, the
 * linkage CLI's input), DIR/truth.csv (`ref,person_id`) and DIR/truth-notes.csv (`ref,person_id,errors`: what
 * was done to each record, `;`-separated, and `hn:<kind>#<group>` when the child belongs to a hard-negative
 * group — twins, siblings, common-name clusters). small: about 2,600 records in 3 partnerships; national:
 * about 200,000 in 150. Deterministic by seed (and --as-of, the date the children's ages are counted from).
 *
 * The population: children aged 10–17 (most 13–16), names drawn with the skew of England's registers across
 * backgrounds (embedded lists, names.ts), real-shaped postcodes with invented inward codes. About 15% of
 * children appear in two or more partnerships; every record (not only the duplicates) passes through the same
 * noise, at the rates in RATES, so that a clean-looking singleton and a noisy duplicate are drawn alike. Hard
 * negatives are built in: twins, siblings and clusters of children with the same common name. Fictional only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeCsv } from './csv.ts';
import {
  backgroundMix,
  boys,
  girls,
  givenNameGroups,
  inwardLetters,
  keyboardNeighbours,
  postcodeAreas,
  roadNames,
  streetNames,
  surnameGroups,
  surnameHeads,
  surnameTails,
  surnames,
  type Background,
} from './names.ts';

export const RECORD_HEADER = ['ref', 'partnership', 'first_name', 'last_name', 'date_of_birth', 'gender', 'postcode', 'aliases'] as const;

type LinkRecord = {
  ref: string;
  partnership: string;
  first_name: string;
  last_name: string;
  date_of_birth: string;
  gender: string;
  postcode: string;
  aliases: string[];
};
type TruthRow = { ref: string; person_id: string };
type NoteRow = { ref: string; person_id: string; errors: string[] };
type LinkageSet = { records: LinkRecord[]; truth: TruthRow[]; notes: NoteRow[]; partnerships: string[] };

export const SIZES = {
  small: { records: 2600, partnerships: 3 },
  national: { records: 200_000, partnerships: 150 },
} as const;

/**
 * The rates (bench/linkage/README.md says why these): per person, per unit and per record. Record
 * rates apply to every record, independently; a rate "for names in a group" applies only when the name has
 * variants.
 */
const RATES = {
  // Population
  multiPartnership: 0.15, // a child appears in 2+ partnerships
  extraPartnerships: [0.85, 0.12, 0.03], // of those: 1, 2 or 3 further partnerships
  moveToNeighbour: 0.6, // the further partnership is a neighbour; else a city (county lines) 0.25, else anywhere
  moveToCity: 0.25,
  twinUnit: 0.009, // a generation unit is a pair of twins (about 1.8% of children are twins)
  siblingUnit: 0.03, // a unit is 2–3 siblings at one address
  commonNameUnit: 0.004, // a unit is 2–4 children with one very common name
  longTailSurname: 0.3, // of white British children: a rare surname outside the embedded list
  doubleBarrelled: 0.04, // of white, black and other-background children
  middleName: 0.5,
  streetName: 0.12, // a child has a street name (alias)
  knownAs: 0.06, // a child is known by a short form of their name (alias)
  surnameChange: 0.05, // of children in 2+ partnerships: a later record holds a new (step-parent's) surname
  oldSurnameAlias: 0.4, // … and keeps the old one as an alias
  // Per record
  givenVariant: 0.1, // another spelling or a nickname (names in a group)
  givenVariantMohammed: 0.25, // the Mohammed spellings are re-keyed far more often
  middleInFirst: 0.02, // the middle name typed into the first-name field
  surnameVariant: 0.08, // another spelling of the surname (names in a group)
  doubleBarrelOnePart: 0.35, // a double-barrelled surname recorded as one part (or with a space)
  typoFirst: 0.03,
  typoLast: 0.04,
  nameSwap: 0.015, // first and last name swapped
  initialsOnly: 0.01, // first name as an initial
  dobDayMonthSwap: 0.012, // when the day is 12 or less
  dobOneDayOff: 0.012,
  dobDigitOff: 0.012, // one digit of the date wrong (often the year's last digit)
  missingFirst: 0.005,
  missingLast: 0.003,
  missingDob: 0.02,
  missingGender: 0.06,
  missingPostcode: 0.07,
  genderWrong: 0.003,
  postcodeTypo: 0.01,
  caseWhitespace: 0.08,
  streetNameRecorded: 0.6, // a child's street name is on a given record
  knownAsRecorded: 0.5,
  roadAsAlias: 0.01, // an address typed into the aliases field
  // Per later record (a child's record in a further partnership): where the postcode is
  postcodeKept: 0.15, // the home postcode kept (placed out of area; the record holds the family address)
  postcodeSameSector: 0.06,
  postcodeSameDistrict: 0.05, // else a new postcode in the new partnership (moved)
  // Per partnership: styles of recording
  partnershipStripsDiacritics: 0.5,
  partnershipUpperSurnames: 0.2,
  partnershipGenderWords: 0.3, // "Male"/"Female" rather than "M"/"F"
} as const;

// ------------------------------------------------------------------------------------------- random numbers

/** A small seeded generator (mulberry32), so the same seed gives the same set. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => next() < p;
  const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, int, pick, chance, gauss };
}
type Rng = ReturnType<typeof rng>;

/** A weighted choice among a list, weights 1/(rank + offset): the head is common, the tail long. */
function zipf<T>(xs: readonly T[], offset: number): (r: Rng) => T {
  const cum: number[] = [];
  let total = 0;
  for (let i = 0; i < xs.length; i++) cum.push((total += 1 / (i + offset)));
  return (r) => {
    const x = r.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return xs[lo]!;
  };
}

function weighted<K extends string>(weights: Record<K, number>, r: Rng): K {
  const entries = Object.entries(weights) as [K, number][];
  let x = r.next() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) if ((x -= w) < 0) return k;
  return entries.at(-1)![0];
}

const BACKGROUNDS: Background[] = ['white', 'southAsian', 'black', 'eastEuropean', 'other'];
/** Zipf offsets: the larger, the flatter. Khan, Ali, Ahmed and the Mohammed spellings are as dominant as they are. */
const offsetFor = (b: Background, kind: 'given' | 'surname') =>
  kind === 'surname' ? (b === 'white' ? 20 : b === 'southAsian' ? 3 : 6) : b === 'white' ? 20 : b === 'southAsian' ? 5 : 8;
const pickers = Object.fromEntries(
  BACKGROUNDS.map((b) => [
    b,
    { M: zipf(boys[b], offsetFor(b, 'given')), F: zipf(girls[b], offsetFor(b, 'given')), surname: zipf(surnames[b], offsetFor(b, 'surname')) },
  ]),
) as Record<Background, { M: (r: Rng) => string; F: (r: Rng) => string; surname: (r: Rng) => string }>;
const FEMALE_SURNAMES = new Set(['Begum', 'Bibi', 'Kaur', 'Sultana', 'Khatun']);
const MALE_SURNAMES = new Set(['Singh']);

// ---------------------------------------------------------------------------------------------------- dates

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const parseIso = (s: string) => Date.parse(`${s}T00:00:00Z`);
const validIso = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(parseIso(s)) && iso(parseIso(s)) === s;
/** Ages 10–17 at the as-of date, most 13–16 (the ages most often exploited). */
const AGE_WEIGHTS = [0.04, 0.06, 0.09, 0.13, 0.17, 0.19, 0.18, 0.14];

function birthDate(asOf: number, r: Rng): number {
  let x = r.next();
  let age = 0;
  while (age < AGE_WEIGHTS.length - 1 && (x -= AGE_WEIGHTS[age]!) >= 0) age++;
  const years = 10 + age;
  return asOf - years * 365.25 * DAY - r.int(365) * DAY;
}

// ------------------------------------------------------------------------------------------- partnerships

type Partnership = {
  id: string;
  kind: keyof typeof backgroundMix;
  districts: string[];
  weight: number;
  stripDiacritics: boolean;
  upperSurnames: boolean;
  genderWords: boolean;
};

function makePartnerships(count: number, r: Rng): Partnership[] {
  const usesOfArea = new Map<string, number>();
  const out: Partnership[] = [];
  for (let i = 0; i < count; i++) {
    const kind: Partnership['kind'] = count <= 3 ? (['city', 'town', 'county'] as const)[i % 3]! : i % 10 === 0 ? 'city' : i % 3 === 0 ? 'town' : 'county';
    const area = postcodeAreas[i % postcodeAreas.length]!;
    const use = usesOfArea.get(area) ?? 0;
    usesOfArea.set(area, use + 1);
    // Real-shaped outward districts on the area: the first partnership on an area has 1–20, a second 21–40.
    const n = 4 + r.int(9);
    const start = 1 + use * 20 + r.int(20 - n);
    const districts = Array.from({ length: n }, (_, k) => `${area}${start + k}`);
    out.push({
      id: `P${String(i + 1).padStart(3, '0')}`,
      kind,
      districts,
      weight: Math.exp(0.45 * r.gauss()) * (kind === 'city' ? 1.8 : 1),
      stripDiacritics: r.chance(RATES.partnershipStripsDiacritics),
      upperSurnames: r.chance(RATES.partnershipUpperSurnames),
      genderWords: r.chance(RATES.partnershipGenderWords),
    });
  }
  return out;
}

const inward = (r: Rng) => `${r.int(10)}${r.pick([...inwardLetters])}${r.pick([...inwardLetters])}`;
const postcodeIn = (p: Partnership, r: Rng) => `${r.pick(p.districts)} ${inward(r)}`;

// ------------------------------------------------------------------------------------------------- persons

type Person = {
  id: string;
  background: Background;
  gender: 'M' | 'F';
  first: string;
  middle?: string;
  last: string;
  dob: number;
  home: number; // partnership index
  postcode: string;
  appearances: number[]; // partnership indices, home first
  streetName?: string;
  knownAs?: string;
  newSurname?: string;
  oldSurnameAlias: boolean;
  hn?: string;
  /** The address in each further partnership, shared by a family that moved together. */
  movedTo: Map<number, string>;
};

const groupsOf = new Map<string, { formal: readonly string[]; short: readonly string[] }[]>();
for (const g of givenNameGroups) for (const n of [...g.formal, ...g.short]) groupsOf.set(n, [...(groupsOf.get(n) ?? []), g]);
const surnameGroupOf = new Map<string, readonly string[]>();
for (const g of surnameGroups) for (const n of g) surnameGroupOf.set(n, g);

function feminine(surname: string): string {
  return surname.replace(/ski$/, 'ska').replace(/cki$/, 'cka').replace(/dzki$/, 'dzka');
}

class Population {
  readonly persons: Person[] = [];
  private nextGroup = 1;
  private cityIdx: number[];
  private cumWeight: number[];
  readonly parts: Partnership[];
  readonly asOf: number;
  readonly r: Rng;
  constructor(parts: Partnership[], asOf: number, r: Rng) {
    this.parts = parts;
    this.asOf = asOf;
    this.r = r;
    this.cityIdx = parts.flatMap((p, i) => (p.kind === 'city' ? [i] : []));
    let t = 0;
    this.cumWeight = parts.map((p) => (t += p.weight));
  }

  private partnership(): number {
    const x = this.r.next() * this.cumWeight.at(-1)!;
    return Math.max(
      0,
      this.cumWeight.findIndex((c) => c > x),
    );
  }

  private background(home: number): Background {
    return weighted(backgroundMix[this.parts[home]!.kind], this.r);
  }

  private given(b: Background, g: 'M' | 'F', not: readonly string[] = []): string {
    for (let i = 0; i < 20; i++) {
      const n = pickers[b][g](this.r);
      if (!not.includes(n)) return n;
    }
    return g === 'M' ? 'Reuben' : 'Iris';
  }

  private surname(b: Background, g: 'M' | 'F'): string {
    const r = this.r;
    for (;;) {
      // British surnames have a very long tail: a share are drawn from place-name syllables (Ashworth, Thornley).
      const s = b === 'white' && r.chance(RATES.longTailSurname) ? r.pick(surnameHeads) + r.pick(surnameTails) : pickers[b].surname(r);
      if ((g === 'M' && FEMALE_SURNAMES.has(s)) || (g === 'F' && MALE_SURNAMES.has(s))) continue;
      const gendered = g === 'F' ? feminine(s) : s;
      if (b !== 'southAsian' && b !== 'eastEuropean' && r.chance(RATES.doubleBarrelled)) {
        const other = pickers[r.chance(0.8) ? b : 'white'].surname(r);
        if (other !== s) return `${gendered}-${other}`;
      }
      return gendered;
    }
  }

  /** Further partnerships a child is also known to: neighbours, a city (county lines), or anywhere. */
  private furtherPartnerships(home: number): number[] {
    const r = this.r;
    const P = this.parts.length;
    if (P < 2 || !r.chance(RATES.multiPartnership)) return [];
    let x = r.next();
    let extra = 1;
    for (const w of RATES.extraPartnerships) {
      if ((x -= w) < 0) break;
      extra++;
    }
    extra = Math.min(extra, P - 1);
    const chosen = new Set<number>([home]);
    for (let tries = 0; chosen.size < extra + 1 && tries < 50; tries++) {
      const roll = r.next();
      let p: number;
      if (roll < RATES.moveToNeighbour) p = (((home + (r.chance(0.5) ? 1 : -1) * (1 + r.int(4))) % P) + P) % P;
      else if (roll < RATES.moveToNeighbour + RATES.moveToCity && this.cityIdx.length) p = r.pick(this.cityIdx);
      else p = r.int(P);
      chosen.add(p);
    }
    chosen.delete(home);
    return [...chosen];
  }

  private person(fields: Partial<Person> & { home: number }): Person {
    const r = this.r;
    const background = fields.background ?? this.background(fields.home);
    const gender = fields.gender ?? (r.chance(0.5) ? 'M' : 'F');
    const first = fields.first ?? this.given(r.chance(0.9) ? background : 'white', gender);
    const p: Person = {
      id: `C${String(this.persons.length + 1).padStart(7, '0')}`,
      background,
      gender,
      first,
      middle: r.chance(RATES.middleName * (background === 'white' ? 1.2 : 0.6)) ? this.given(background, gender, [first]) : undefined,
      last: fields.last ?? this.surname(background, gender),
      dob: fields.dob ?? birthDate(this.asOf, r),
      home: fields.home,
      postcode: fields.postcode ?? postcodeIn(this.parts[fields.home]!, r),
      appearances: [fields.home],
      oldSurnameAlias: false,
      hn: fields.hn,
      movedTo: fields.movedTo ?? new Map(),
    };
    p.appearances = fields.appearances ?? [fields.home, ...this.furtherPartnerships(fields.home)];
    if (r.chance(RATES.streetName)) p.streetName = r.pick(streetNames);
    const shorts = (groupsOf.get(first) ?? []).flatMap((g) => (g.formal.includes(first) ? g.short : []));
    if (shorts.length && r.chance(RATES.knownAs)) p.knownAs = r.pick(shorts);
    if (p.appearances.length > 1 && r.chance(RATES.surnameChange)) {
      p.newSurname = this.surname(r.chance(0.8) ? background : 'white', gender);
      p.oldSurnameAlias = r.chance(RATES.oldSurnameAlias);
    }
    this.persons.push(p);
    return p;
  }

  singleton(): Person[] {
    return [this.person({ home: this.partnership() })];
  }

  /** Twins: same surname, date of birth and address, different first names; known to the same or different partnerships. */
  twins(): Person[] {
    const r = this.r;
    const home = this.partnership();
    const a = this.person({ home, hn: `twin#${this.nextGroup}` });
    const gender = r.chance(0.5) ? a.gender : a.gender === 'M' ? 'F' : 'M';
    let first: string | undefined;
    if (r.chance(0.3)) {
      // Alliterative twins (Ella and Evie).
      for (let i = 0; i < 30 && !first; i++) {
        const n = this.given(a.background, gender, [a.first]);
        if (n[0] === a.first[0]) first = n;
      }
    }
    first ??= this.given(a.background, gender, [a.first, ...(groupsOf.get(a.first) ?? []).flatMap((g) => [...g.formal, ...g.short])]);
    const mode = r.next();
    const other = (this.furtherPartnerships(home)[0] ?? (home + 1) % this.parts.length) % this.parts.length;
    // Moved together (both known to both), split (one each side), or one twin also known elsewhere.
    const apps =
      mode < 0.55
        ? [
            [home, other],
            [home, other],
          ]
        : mode < 0.8
          ? [[home], [other]]
          : [[home], [home, other]];
    if (this.parts.length > 1) a.appearances = apps[0]!;
    const b = this.person({
      home,
      background: a.background,
      gender,
      first,
      last: a.last,
      dob: a.dob,
      postcode: a.postcode,
      hn: a.hn,
      movedTo: a.movedTo,
      appearances: this.parts.length > 1 ? apps[1]! : [home],
    });
    this.nextGroup++;
    return [a, b];
  }

  /** Siblings: same address, usually the same surname, dates of birth at least eleven months apart. */
  siblings(): Person[] {
    const r = this.r;
    const home = this.partnership();
    const hn = `sibling#${this.nextGroup++}`;
    const a = this.person({ home, hn });
    const n = r.chance(0.7) ? 2 : 3;
    const out = [a];
    const together = r.chance(0.5);
    const other = (this.furtherPartnerships(home)[0] ?? (home + 1) % this.parts.length) % this.parts.length;
    if (together && this.parts.length > 1) a.appearances = [home, other];
    const taken = [a.first];
    for (let i = 1; i < n; i++) {
      let dob = a.dob + (r.chance(0.5) ? 1 : -1) * (335 + r.int(4 * 365)) * DAY;
      const minDob = this.asOf - 18 * 365.25 * DAY + DAY;
      const maxDob = this.asOf - 10 * 365.25 * DAY;
      if (dob < minDob || dob > maxDob) dob = a.dob + (dob < minDob ? 1 : -1) * (335 + r.int(2 * 365)) * DAY;
      const gender = r.chance(0.5) ? 'M' : 'F';
      const first = this.given(a.background, gender, taken);
      taken.push(first);
      const last = r.chance(0.8) ? (gender === a.gender ? a.last : a.last.replace(/sk[ai]$/, gender === 'F' ? 'ska' : 'ski')) : undefined;
      const apps = this.parts.length < 2 ? [home] : together ? [home, other] : i === 1 ? [other] : undefined;
      out.push(this.person({ home, background: a.background, gender, first, last, dob, postcode: a.postcode, hn, movedTo: a.movedTo, appearances: apps }));
    }
    return out;
  }

  /** Several children with one very common name: born within days of each other, or in the same year. */
  commonName(): Person[] {
    const r = this.r;
    const combos: [Background, 'M' | 'F', string, string][] = [
      ['southAsian', 'M', 'Mohammed', 'Khan'],
      ['southAsian', 'M', 'Muhammad', 'Ali'],
      ['southAsian', 'M', 'Mohammed', 'Hussain'],
      ['southAsian', 'M', 'Mohammed', 'Ahmed'],
      ['southAsian', 'M', 'Muhammad', 'Khan'],
      ['southAsian', 'F', 'Fatima', 'Begum'],
      ['southAsian', 'F', 'Ayesha', 'Khan'],
      ['southAsian', 'F', 'Maryam', 'Ali'],
      ['white', 'M', 'Jack', 'Smith'],
      ['white', 'M', 'Oliver', 'Jones'],
      ['white', 'M', 'Harry', 'Smith'],
      ['white', 'M', 'Jack', 'Jones'],
      ['white', 'M', 'Thomas', 'Williams'],
      ['white', 'M', 'James', 'Taylor'],
      ['white', 'F', 'Amelia', 'Smith'],
      ['white', 'F', 'Olivia', 'Jones'],
      ['white', 'F', 'Emily', 'Brown'],
      ['white', 'F', 'Chloe', 'Davies'],
      ['black', 'M', 'Daniel', 'Williams'],
      ['black', 'M', 'Mohamed', 'Abdi'],
      ['eastEuropean', 'M', 'Jakub', 'Nowak'],
      ['eastEuropean', 'F', 'Zuzanna', 'Nowak'],
      ['black', 'F', 'Precious', 'Okafor'],
    ];
    let [background, gender, first, last] = r.pick(combos);
    if (r.chance(0.5)) {
      // Or any combination from the heads of the lists (the five commonest given names and surnames).
      background = r.chance(0.6) ? 'white' : r.pick(BACKGROUNDS);
      gender = r.chance(0.5) ? 'M' : 'F';
      first = r.pick((gender === 'M' ? boys : girls)[background].slice(0, 5));
      last = r.pick(surnames[background].slice(0, 5).filter((x) => !(gender === 'M' ? FEMALE_SURNAMES : MALE_SURNAMES).has(x)));
      if (gender === 'F') last = feminine(last);
    }
    const week = r.chance(0.55);
    const hn = `${week ? 'common_name_week' : 'common_name_year'}#${this.nextGroup++}`;
    const base = birthDate(this.asOf, r);
    const year = new Date(base).getUTCFullYear();
    const n = 2 + r.int(3);
    const out: Person[] = [];
    const used = new Set<number>();
    const offsets = new Set<number>([0]);
    while (offsets.size < n) offsets.add((r.chance(0.5) ? 1 : -1) * (1 + r.int(9)));
    const days = [...offsets];
    for (let i = 0; i < n; i++) {
      const dob = week ? base + days[i]! * DAY : Date.UTC(year, 0, 1) + r.int(365) * DAY;
      // Mostly in different partnerships (the comparisons that count); sometimes two in one.
      let home = this.partnership();
      for (let t = 0; t < 5 && used.has(home) && this.parts.length > used.size; t++) home = this.partnership();
      used.add(home);
      out.push(this.person({ home, background, gender, first, last, dob, hn }));
    }
    return out;
  }
}

// -------------------------------------------------------------------------------------------------- errors

function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replaceAll('ł', 'l').replaceAll('Ł', 'L');
}

/** One typing slip: a neighbouring key, a letter dropped, a letter doubled or added, two letters swapped. */
export function typo(word: string, r: Rng): string {
  if (word.length < 2) return word;
  for (let tries = 0; tries < 10; tries++) {
    const i = 1 + r.int(word.length - 1); // the first letter is usually right
    const c = word[i]!;
    const roll = r.next();
    let w: string;
    if (roll < 0.35) {
      const near = keyboardNeighbours[c.toLowerCase()];
      if (!near) continue;
      const n = r.pick([...near]);
      w = word.slice(0, i) + (c === c.toUpperCase() ? n.toUpperCase() : n) + word.slice(i + 1);
    } else if (roll < 0.6) {
      if (word.length < 4) continue;
      w = word.slice(0, i) + word.slice(i + 1);
    } else if (roll < 0.8) {
      const near = keyboardNeighbours[c.toLowerCase()];
      const add = r.chance(0.5) || !near ? c.toLowerCase() : r.pick([...near]);
      w = word.slice(0, i) + add + word.slice(i);
    } else {
      if (i >= word.length - 1) continue;
      w = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    }
    if (w !== word && /\S/.test(w)) return w;
  }
  return word;
}

function dobError(dob: string, r: Rng, errors: string[]): string {
  const roll = r.next();
  const [y, m, d] = dob.split('-');
  if (roll < RATES.dobDayMonthSwap) {
    const swapped = `${y}-${d}-${m}`;
    if (d !== m && validIso(swapped)) {
      errors.push('dob_day_month_swap');
      return swapped;
    }
    return dob;
  }
  if (roll < RATES.dobDayMonthSwap + RATES.dobOneDayOff) {
    errors.push('dob_one_day_off');
    return iso(parseIso(dob) + (r.chance(0.5) ? 1 : -1) * DAY);
  }
  if (roll < RATES.dobDayMonthSwap + RATES.dobOneDayOff + RATES.dobDigitOff) {
    for (let tries = 0; tries < 20; tries++) {
      // The year's last digit most often, else any digit of day or month.
      const positions = [3, 3, 3, 5, 6, 8, 9];
      const pos = r.pick(positions);
      const digit = Number(dob[pos]);
      const nd = r.chance(0.6) ? (digit + (r.chance(0.5) ? 1 : 9)) % 10 : r.int(10);
      const out = dob.slice(0, pos) + nd + dob.slice(pos + 1);
      if (out !== dob && validIso(out)) {
        errors.push('dob_digit_off');
        return out;
      }
    }
  }
  return dob;
}

function caseNoise(s: string, r: Rng): string {
  const roll = r.next();
  if (roll < 0.35) return s.toUpperCase();
  if (roll < 0.6) return s.toLowerCase();
  if (roll < 0.8) return r.chance(0.5) ? ` ${s}` : `${s} `;
  return s.includes('-') ? s.replace('-', ' - ') : s.replace(/^(\S)/, '$1').replace(/(\S)$/, '$1  ');
}

/** One record of a person in one partnership: the truth passed through the noise a real record carries. */
function render(p: Person, k: number, parts: Partnership[], r: Rng): { record: Omit<LinkRecord, 'ref'>; errors: string[] } {
  const part = parts[p.appearances[k]!]!;
  const errors: string[] = [];
  let first = p.first;
  let last = p.last;
  const aliases: string[] = [];
  if (k >= 1 && p.newSurname) {
    last = p.newSurname;
    errors.push('surname_changed');
    if (p.oldSurnameAlias) {
      aliases.push(`${p.first} ${p.last}`);
      errors.push('alias_old_surname');
    }
  }

  // Given name: another spelling, a nickname, the middle name in the same field, initials.
  const groups = groupsOf.get(first);
  if (groups && r.chance(groups.some((g) => g.formal.includes('Mohammed')) ? RATES.givenVariantMohammed : RATES.givenVariant)) {
    const g = r.pick(groups);
    const isFormal = g.formal.includes(first);
    const otherFormal = g.formal.filter((n) => n !== first);
    if (isFormal && otherFormal.length && (!g.short.length || r.chance(0.5))) {
      first = r.pick(otherFormal);
      errors.push('spelling_variant');
    } else if (isFormal && g.short.length) {
      first = r.pick(g.short);
      errors.push('nickname');
    } else if (!isFormal) {
      first = r.pick(g.formal);
      errors.push('nickname');
    }
  }
  if (p.middle && r.chance(RATES.middleInFirst)) {
    first = `${first} ${p.middle}`;
    errors.push('middle_name_in_first');
  }

  // Surname: another spelling, a double-barrelled name cut to one part.
  const sg = surnameGroupOf.get(last);
  if (sg && r.chance(RATES.surnameVariant)) {
    last = r.pick(sg.filter((n) => n !== last));
    errors.push('surname_variant');
  }
  if (last.includes('-') && r.chance(RATES.doubleBarrelOnePart)) {
    const [a, b] = last.split('-') as [string, string];
    const roll = r.next();
    last = roll < 0.4 ? a : roll < 0.8 ? b : `${a} ${b}`;
    errors.push(roll < 0.8 ? 'double_barrel_one_part' : 'double_barrel_spacing');
  }

  if (r.chance(RATES.typoFirst)) {
    const t = typo(first, r);
    if (t !== first) errors.push('typo_first');
    first = t;
  }
  if (r.chance(RATES.typoLast)) {
    const t = typo(last, r);
    if (t !== last) errors.push('typo_last');
    last = t;
  }
  if (r.chance(RATES.initialsOnly)) {
    first = first[0]! + (r.chance(0.5) ? '.' : '');
    errors.push('initials_only');
  }
  if (part.stripDiacritics) {
    const f = stripDiacritics(first);
    const l = stripDiacritics(last);
    if (f !== first || l !== last) errors.push('diacritics_dropped');
    first = f;
    last = l;
  }
  if (r.chance(RATES.nameSwap)) {
    [first, last] = [last, first];
    errors.push('name_swap');
  }
  if (part.upperSurnames) last = last.toUpperCase();
  if (r.chance(RATES.caseWhitespace)) {
    if (r.chance(0.5)) first = caseNoise(first, r);
    else last = caseNoise(last, r);
    errors.push('case_whitespace');
  }

  // Date of birth.
  let dob = dobError(iso(p.dob), r, errors);

  // Gender.
  let gender: string = p.gender;
  if (r.chance(RATES.genderWrong)) {
    gender = gender === 'M' ? 'F' : 'M';
    errors.push('gender_wrong');
  }
  gender = part.genderWords ? (gender === 'M' ? 'Male' : 'Female') : gender;

  // Postcode: the home one in the home partnership; in a further one, usually a new address.
  let postcode = p.postcode;
  if (k >= 1) {
    const roll = r.next();
    if (roll < RATES.postcodeKept) errors.push('postcode_kept');
    else if (roll < RATES.postcodeKept + RATES.postcodeSameSector) {
      postcode = `${p.postcode.slice(0, -2)}${r.pick([...inwardLetters])}${r.pick([...inwardLetters])}`;
      errors.push('postcode_same_sector');
    } else if (roll < RATES.postcodeKept + RATES.postcodeSameSector + RATES.postcodeSameDistrict) {
      postcode = `${p.postcode.split(' ')[0]} ${inward(r)}`;
      errors.push('postcode_same_district');
    } else {
      const to = p.appearances[k]!;
      postcode = p.movedTo.get(to) ?? postcodeIn(part, r);
      p.movedTo.set(to, postcode);
      errors.push('postcode_moved');
    }
  }
  if (r.chance(RATES.postcodeTypo)) {
    const roll = r.next();
    const [out, inw] = postcode.split(' ') as [string, string];
    postcode =
      roll < 0.4
        ? `${out}${inw}` // no space
        : roll < 0.7
          ? `${out} ${inw[0]}${inw[2]}${inw[1]}` // the last two letters swapped
          : `${out} ${inw[0]}${inw[1]}${r.pick([...inwardLetters])}`; // one letter wrong
    if (roll < 0.4) postcode = postcode.toLowerCase();
    errors.push('postcode_typo');
  }

  // Aliases: a street name, a short form, junk.
  if (p.streetName && r.chance(RATES.streetNameRecorded)) {
    aliases.push(p.streetName);
    errors.push('alias_street_name');
  }
  if (p.knownAs && r.chance(RATES.knownAsRecorded)) {
    aliases.push(p.knownAs);
    errors.push('alias_known_as');
  }
  if (r.chance(RATES.roadAsAlias)) {
    aliases.push(r.pick(roadNames));
    errors.push('alias_road');
  }

  // Missing fields.
  if (r.chance(RATES.missingFirst)) {
    first = '';
    errors.push('missing_first');
  }
  if (r.chance(RATES.missingLast)) {
    last = '';
    errors.push('missing_last');
  }
  if (r.chance(RATES.missingDob)) {
    dob = '';
    errors.push('missing_dob');
  }
  if (r.chance(RATES.missingGender)) {
    gender = r.chance(0.7) ? '' : part.genderWords ? 'Unknown' : 'U';
    errors.push('missing_gender');
  }
  if (r.chance(RATES.missingPostcode)) {
    postcode = '';
    errors.push('missing_postcode');
  }

  return { record: { partnership: part.id, first_name: first, last_name: last, date_of_birth: dob, gender, postcode, aliases }, errors };
}

// ---------------------------------------------------------------------------------------------------- build

type GenerateOptions = { size?: keyof typeof SIZES; records?: number; partnerships?: number; seed?: number; asOf?: string };

export function generateLinkageSet(opts: GenerateOptions = {}): LinkageSet {
  const size = SIZES[opts.size ?? 'small'];
  const N = opts.records ?? size.records;
  const P = opts.partnerships ?? size.partnerships;
  if (!(N > 0) || !(P > 0)) throw new Error('records and partnerships must be positive');
  const r = rng(opts.seed ?? 1);
  const asOf = parseIso(opts.asOf ?? '2026-06-30');
  const parts = makePartnerships(P, r);
  const pop = new Population(parts, asOf, r);

  const rows: { record: Omit<LinkRecord, 'ref'>; person: Person; errors: string[] }[] = [];
  while (rows.length < N) {
    const roll = r.next();
    const unit =
      roll < RATES.twinUnit
        ? pop.twins()
        : roll < RATES.twinUnit + RATES.siblingUnit
          ? pop.siblings()
          : roll < RATES.twinUnit + RATES.siblingUnit + RATES.commonNameUnit
            ? pop.commonName()
            : pop.singleton();
    for (const person of unit) {
      for (let k = 0; k < person.appearances.length; k++) {
        const { record, errors } = render(person, k, parts, r);
        if (person.hn) errors.push(`hn:${person.hn}`);
        rows.push({ record, person, errors });
      }
    }
  }
  rows.length = N;

  // Shuffle, then number each partnership's records in that order: a ref says nothing about the child.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const seq = new Map<string, number>();
  const withRefs = rows.map((row) => {
    const n = (seq.get(row.record.partnership) ?? 0) + 1;
    seq.set(row.record.partnership, n);
    return { ...row, ref: `${row.record.partnership}-${String(n).padStart(6, '0')}` };
  });
  withRefs.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  return {
    records: withRefs.map((x) => ({ ref: x.ref, ...x.record })),
    truth: withRefs.map((x) => ({ ref: x.ref, person_id: x.person.id })),
    notes: withRefs.map((x) => ({ ref: x.ref, person_id: x.person.id, errors: x.errors })),
    partnerships: parts.map((p) => p.id).filter((id) => seq.has(id)),
  };
}

export function writeLinkageSet(set: LinkageSet, dir: string): { records: string; truth: string; notes: string } {
  fs.mkdirSync(dir, { recursive: true });
  const files = { records: path.join(dir, 'records.csv'), truth: path.join(dir, 'truth.csv'), notes: path.join(dir, 'truth-notes.csv') };
  writeCsv(
    files.records,
    RECORD_HEADER,
    set.records.map((x) => [x.ref, x.partnership, x.first_name, x.last_name, x.date_of_birth, x.gender, x.postcode, x.aliases.join('|')]),
  );
  writeCsv(
    files.truth,
    ['ref', 'person_id'],
    set.truth.map((x) => [x.ref, x.person_id]),
  );
  writeCsv(
    files.notes,
    ['ref', 'person_id', 'errors'],
    set.notes.map((x) => [x.ref, x.person_id, x.errors.join(';')]),
  );
  return files;
}

/** Counts for a summary: records, persons, persons in 2+ partnerships, true cross-partnership pairs. */
export function summarise(set: LinkageSet): { records: number; partnerships: number; persons: number; multiPartnershipPersons: number; truePairs: number } {
  const byPerson = new Map<string, string[]>();
  const partOf = new Map(set.records.map((x) => [x.ref, x.partnership]));
  for (const t of set.truth) byPerson.set(t.person_id, [...(byPerson.get(t.person_id) ?? []), t.ref]);
  let multi = 0;
  let pairs = 0;
  for (const refs of byPerson.values()) {
    if (new Set(refs.map((x) => partOf.get(x))).size > 1) multi++;
    for (let i = 0; i < refs.length; i++) for (let j = i + 1; j < refs.length; j++) if (partOf.get(refs[i]!) !== partOf.get(refs[j]!)) pairs++;
  }
  return { records: set.records.length, partnerships: set.partnerships.length, persons: byPerson.size, multiPartnershipPersons: multi, truePairs: pairs };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'small' },
      records: { type: 'string' },
      partnerships: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'as-of': { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values.out || !(values.size! in SIZES)) {
    console.error('usage: node bench/linkage/generate.ts --size small|national [--records N --partnerships P] [--seed S] [--as-of YYYY-MM-DD] --out DIR');
    process.exit(2);
  }
  const t0 = performance.now();
  const set = generateLinkageSet({
    size: values.size as keyof typeof SIZES,
    records: values.records ? Number.parseInt(values.records, 10) : undefined,
    partnerships: values.partnerships ? Number.parseInt(values.partnerships, 10) : undefined,
    seed: Number.parseInt(values.seed!, 10),
    asOf: values['as-of'],
  });
  const files = writeLinkageSet(set, values.out);
  const s = summarise(set);
  console.log(
    `${s.records} records in ${s.partnerships} partnerships: ${s.persons} children, ${s.multiPartnershipPersons} in 2+ partnerships, ${s.truePairs} true cross-partnership pairs (${Math.round(performance.now() - t0)} ms)`,
  );
  console.log(`wrote ${files.records}, ${files.truth}, ${files.notes}`);
}
