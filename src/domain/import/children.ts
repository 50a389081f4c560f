// Bulk import of the children a partnership already holds on spreadsheets (DOMAIN §4: the tracker "used nationally";
// issue 14, For people). Pure rules: which column is which, what a row must hold, and when a row is a child already
// held. The file is read elsewhere (features/children/import); nothing here does I/O.
import { normaliseName } from '../intelligence/names.ts';
import { normalisePostcode } from '../intelligence/normalise.ts';
import { ageOn } from '../eligibility/age.ts';
import { checkNhsNumber, checkUpn } from '../identifiers/identifiers.ts';
import { likelyDuplicates } from '../children/matching.ts';
import { neighbourDays, normaliseDate } from '../linkage/normalise.ts';

const importFields = ['firstName', 'lastName', 'dateOfBirth', 'gender', 'postcode', 'aliases', 'district', 'nhsNumber', 'upn'] as const;
type ImportField = (typeof importFields)[number];

const importFieldLabels: Record<ImportField, string> = {
  firstName: 'first name',
  lastName: 'last name',
  dateOfBirth: 'date of birth',
  gender: 'gender',
  postcode: 'postcode',
  aliases: 'aliases',
  district: 'district',
  nhsNumber: 'NHS number',
  upn: 'unique pupil number',
};

/** The columns a file must have; gender, postcode, aliases, NHS number and UPN may be left out. */
const requiredImportFields: readonly ImportField[] = ['firstName', 'lastName', 'dateOfBirth', 'district'];

const headerNames: Record<string, ImportField> = {
  firstname: 'firstName',
  forename: 'firstName',
  forenames: 'firstName',
  givenname: 'firstName',
  givennames: 'firstName',
  first: 'firstName',
  lastname: 'lastName',
  surname: 'lastName',
  familyname: 'lastName',
  last: 'lastName',
  dateofbirth: 'dateOfBirth',
  dob: 'dateOfBirth',
  birthdate: 'dateOfBirth',
  gender: 'gender',
  sex: 'gender',
  postcode: 'postcode',
  postalcode: 'postcode',
  aliases: 'aliases',
  alias: 'aliases',
  aliasesandnicknames: 'aliases',
  aliasesornicknames: 'aliases',
  nicknames: 'aliases',
  nickname: 'aliases',
  knownas: 'aliases',
  aka: 'aliases',
  othernames: 'aliases',
  district: 'district',
  districtid: 'district',
  districtname: 'district',
  nhsnumber: 'nhsNumber',
  nhsno: 'nhsNumber',
  nhs: 'nhsNumber',
  upn: 'upn',
  uniquepupilnumber: 'upn',
  pupilnumber: 'upn',
};

// Issue 14 (bulk import): a header is recognised whatever its case, spacing or punctuation ("First name", first_name, FIRST-NAME, "Date of birth (DD/MM/YYYY)", "Child's surname")
export function headerField(header: string): ImportField | undefined {
  const key = header
    .replace(/\(.*?\)/g, ' ')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/^(childs|child|youngpersons)/, '');
  return headerNames[key];
}

type ImportDate = { iso: string; error?: undefined } | { iso?: undefined; error: string };

const excelEpoch = Date.UTC(1899, 11, 30);

function isRealDate(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

// Issue 14 (bulk import): a date of birth is DD/MM/YYYY (or D/M/YYYY, with / - or . between) or ISO YYYY-MM-DD; in a workbook, an Excel date (a day number) as well. Two-digit years are refused (which century is a guess).
export function importDate(raw: string, fromWorkbook: boolean): ImportDate {
  const s = raw.trim();
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(s);
  let iso: string | undefined;
  if (dmy) iso = `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}`;
  else if (ymd) iso = `${ymd[1]}-${ymd[2]!.padStart(2, '0')}-${ymd[3]!.padStart(2, '0')}`;
  else if (fromWorkbook && /^\d{1,5}$/.test(s)) iso = new Date(excelEpoch + Number(s) * 86_400_000).toISOString().slice(0, 10);
  else return { error: `‘${s}’ is not a date: enter the date of birth as DD/MM/YYYY, like 27/03/2011` };
  if (!isRealDate(iso)) return { error: `‘${s}’ is not a real date: enter the date of birth as DD/MM/YYYY, like 27/03/2011` };
  return { iso };
}

// Issue 14 (bulk import): aliases and nicknames in one cell are separated by | or ; (each kept once, in order)
export function splitAliases(raw: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of raw.split(/[|;]/).map((x) => x.trim().replace(/\s+/g, ' '))) {
    if (!a || seen.has(a.toLowerCase())) continue;
    seen.add(a.toLowerCase());
    out.push(a);
  }
  return out;
}

// Issue 14 (re-importing creates no duplicates): a row is the same child as one already held when first name, last name and date of birth agree, ignoring case, accents, spaces, hyphens and apostrophes (Zoë O'Neil-Smith = zoe oneil smith)
export function sameChildKey(firstName: string, lastName: string, dateOfBirth: string): string {
  const fold = (s: string) => normaliseName(s).replace(/\s+/g, '');
  return `${fold(firstName)}|${fold(lastName)}|${dateOfBirth}`;
}

/** A table read from a file: each row with its number as the spreadsheet shows it, cells as text. */
export type ImportTable = { source: 'csv' | 'xlsx'; rows: { number: number; cells: string[] }[] };

/** The partnership's lists a row is checked against. */
export type ImportRules = {
  shortName: string;
  districts: readonly { id: string; name: string }[];
  genders: readonly string[];
  today: string;
  maxRows: number;
};

type ImportChild = {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  districtId: string;
  gender?: string;
  postcode?: string;
  aliases: string[];
  /** Issue 14: strong identifiers, normalised (10 digits; 13 characters in capitals). */
  nhsNumber?: string;
  upn?: string;
};

type ImportRowStatus = 'ready' | 'problem' | 'repeated' | 'held' | 'likely';

export type ImportRow = {
  row: number;
  /** The row's cells as read, by field (for the preview). */
  values: Record<ImportField, string>;
  child?: ImportChild;
  problems: string[];
  status: ImportRowStatus;
  /** A repeated row: the earlier row of the file it repeats. */
  sameAsRow?: number;
  /** A row already held: the child it is. */
  heldAs?: { id: string; reference: string };
  /** Likely already recorded (issue 15 item 13): the children it is likely to be, and the earlier rows of the file it is likely to repeat. */
  likely?: { children: LikelyMatch[]; rows: number[] };
  /** A likely row the coordinator chose to import anyway. */
  anyway?: boolean;
};

/** A child already recorded that a row is likely to be: its id and reference only. */
export type LikelyMatch = { id: string; reference: string };

type ImportCheck = {
  /** Problems with the file as a whole: nothing can be imported until they are put right. */
  errors: string[];
  columns: { header: string; field?: ImportField }[];
  rows: ImportRow[];
};

const maxName = 100;
const maxAlias = 100;

/** A number with thousands separators ("5,000"). */
const n = (x: number) => x.toLocaleString('en-GB');

/** Each row's problems, as the preview names them ("Row 7: enter a date of birth in the past"). */
function checkRow(values: Record<ImportField, string>, t: ImportTable, r: ImportRules, extraCells: boolean): { child?: ImportChild; problems: string[] } {
  const problems: string[] = [];
  if (extraCells) problems.push('the row has more cells than the header row has columns (check for a comma or a line break inside a cell)');
  const firstName = values.firstName.trim().replace(/\s+/g, ' ');
  const lastName = values.lastName.trim().replace(/\s+/g, ' ');
  if (!firstName) problems.push('enter the child’s first name');
  else if (firstName.length > maxName) problems.push(`first name must be ${maxName} characters or fewer`);
  else if (/[<>]/.test(firstName)) problems.push('first name must not include < or >');
  if (!lastName) problems.push('enter the child’s last name');
  else if (lastName.length > maxName) problems.push(`last name must be ${maxName} characters or fewer`);
  else if (/[<>]/.test(lastName)) problems.push('last name must not include < or >');

  let dateOfBirth: string | undefined;
  if (!values.dateOfBirth.trim()) problems.push('enter a date of birth');
  else {
    const d = importDate(values.dateOfBirth, t.source === 'xlsx');
    if (d.error !== undefined) problems.push(d.error);
    else if (d.iso > r.today) problems.push('enter a date of birth in the past');
    else if (ageOn(d.iso, r.today) > 25) problems.push('enter a date of birth within the last 25 years');
    else dateOfBirth = d.iso;
  }

  let districtId: string | undefined;
  const district = values.district.trim();
  if (!district) problems.push('enter the district');
  else {
    const want = district.toLowerCase().replace(/\s+/g, ' ');
    const found = r.districts.find((d) => d.id === want || d.name.toLowerCase() === want);
    if (found) districtId = found.id;
    else problems.push(`‘${district}’ is not one of ${r.shortName}’s districts`);
  }

  let gender: string | undefined;
  const g = values.gender.trim();
  if (g) {
    const want = g.toLowerCase();
    const short: Record<string, string> = { m: 'male', f: 'female', boy: 'male', girl: 'female' };
    gender = r.genders.find((x) => x.toLowerCase() === want) ?? r.genders.find((x) => x.toLowerCase() === short[want]);
    if (!gender) problems.push(`‘${g}’ is not a gender MACE records: use ${r.genders.join(', ')}`);
  }

  let postcode: string | undefined;
  const pc = values.postcode.trim();
  if (pc) {
    const p = normalisePostcode(pc);
    if (p.ok) postcode = p.display;
    else problems.push(`‘${pc}’ is not a real postcode, like ST16 2AB`);
  }

  const aliases = splitAliases(values.aliases);
  if (aliases.some((a) => a.length > maxAlias)) problems.push(`each alias must be ${maxAlias} characters or fewer`);
  if (aliases.some((a) => /[<>]/.test(a))) problems.push('an alias must not include < or >');

  // Issue 14: the strong identifiers, checked as the child form checks them (check digit, check letter).
  let nhsNumber: string | undefined;
  if (values.nhsNumber.trim()) {
    const c = checkNhsNumber(values.nhsNumber);
    if (c.ok) nhsNumber = c.value;
    else problems.push(c.message);
  }
  let upn: string | undefined;
  if (values.upn.trim()) {
    const c = checkUpn(values.upn);
    if (c.ok) upn = c.value;
    else problems.push(c.message.replace(/^Unique/, 'unique'));
  }

  if (problems.length || !dateOfBirth || !districtId) return { problems };
  return {
    child: { firstName, lastName, dateOfBirth, districtId, gender, postcode, aliases, ...(nhsNumber ? { nhsNumber } : {}), ...(upn ? { upn } : {}) },
    problems,
  };
}

/**
 * Issue 14 (bulk import): reads the header row (the first row with anything in it), checks the file's columns,
 * then each row; a row that repeats an earlier row of the file (the same child) is marked, not imported twice.
 * Rows already held are marked afterwards (markHeld), against the partnership's children.
 */
export function checkImport(t: ImportTable, r: ImportRules): ImportCheck {
  const isBlank = (cells: string[]) => cells.every((c) => !c.trim());
  const headerAt = t.rows.findIndex((row) => !isBlank(row.cells));
  if (headerAt < 0) return { errors: ['The file is empty: it must have a header row and a row for each child'], columns: [], rows: [] };
  const header = t.rows[headerAt]!.cells;
  const columns = header.map((h) => ({ header: h.trim(), field: headerField(h) }));
  const errors: string[] = [];
  for (const f of importFields) {
    const named = columns.filter((c) => c.field === f);
    if (named.length > 1)
      errors.push(`The file has more than one ${importFieldLabels[f]} column (${named.map((c) => `‘${c.header}’`).join(' and ')}): keep one`);
  }
  const missing = requiredImportFields.filter((f) => !columns.some((c) => c.field === f));
  if (missing.length) {
    const list = missing.map((f) => importFieldLabels[f]);
    const words = list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list.at(-1)}` : list[0];
    errors.push(`The file must have a column for each of first name, last name, date of birth and district: there is no column for ${words}`);
  }
  const data = t.rows.slice(headerAt + 1).filter((row) => !isBlank(row.cells));
  if (!errors.length && !data.length) errors.push('The file has no children in it: add a row for each child below the header row');
  if (data.length > r.maxRows) errors.push(`The file has ${n(data.length)} rows of children: import at most ${n(r.maxRows)} at a time (split the file)`);
  if (errors.length) return { errors, columns, rows: [] };

  const index = Object.fromEntries(importFields.map((f) => [f, columns.findIndex((c) => c.field === f)])) as Record<ImportField, number>;
  const firstSeen = new Map<string, number>();
  const rows = data.map((row): ImportRow => {
    const values = Object.fromEntries(importFields.map((f) => [f, index[f] >= 0 ? (row.cells[index[f]] ?? '') : ''])) as Record<ImportField, string>;
    const extraCells = row.cells.slice(header.length).some((c) => c.trim() !== '');
    const { child, problems } = checkRow(values, t, r, extraCells);
    if (!child) return { row: row.number, values, problems, status: 'problem' };
    const key = sameChildKey(child.firstName, child.lastName, child.dateOfBirth);
    const earlier = firstSeen.get(key);
    if (earlier !== undefined) return { row: row.number, values, child, problems, status: 'repeated', sameAsRow: earlier };
    firstSeen.set(key, row.number);
    return { row: row.number, values, child, problems, status: 'ready' };
  });
  return { errors, columns, rows };
}

export type HeldChild = { id: string; reference: string; first_name: string; last_name: string; date_of_birth: string | null };

// Issue 14 (re-importing creates no duplicates): a row that is a child the partnership already holds is marked as held and not imported again
export function markHeld(rows: ImportRow[], held: readonly HeldChild[]): ImportRow[] {
  const byKey = new Map<string, HeldChild>();
  for (const c of held) if (c.date_of_birth) byKey.set(sameChildKey(c.first_name, c.last_name, c.date_of_birth), c);
  return rows.map((row) => {
    if (row.status !== 'ready' || !row.child) return row;
    const c = byKey.get(sameChildKey(row.child.firstName, row.child.lastName, row.child.dateOfBirth));
    return c ? { ...row, status: 'held', heldAs: { id: c.id, reference: c.reference } } : row;
  });
}

/** Keys of a date under which dates it may be near are filed: the same, one of day, month and year different, day and month swapped, a day apart. */
function dateKeys(iso: string, neighbours: boolean): string[] {
  const x = normaliseDate(iso);
  if (!x) return ['none'];
  const full = (d: { y: number; m: number; d: number }) => `n:${d.y}-${d.m}-${d.d}`;
  return [
    `ym:${x.y}-${x.m}`,
    `yd:${x.y}-${x.d}`,
    `md:${x.m}-${x.d}`,
    `sw:${x.y}-${Math.min(x.m, x.d)}-${Math.max(x.m, x.d)}`,
    ...(neighbours ? neighbourDays(x).map(full) : [full(x)]),
  ];
}

// DOMAIN §7 (every child's record kept once), issue 15 item 13: a row likely a child already recorded, or likely the same child as an earlier row of the file, by the "Add a child" form's rule (likelyDuplicates: the same first name and date of birth, or both names alike with the dates near), is held back as likely already recorded; `recorded` gives, by row, the children the partnership's records found
export function markLikely(rows: ImportRow[], recorded: ReadonlyMap<number, readonly LikelyMatch[]>): ImportRow[] {
  type Earlier = { row: number; first_name: string; last_name: string; aliases: string | null; date_of_birth: string };
  const byKey = new Map<string, Earlier[]>();
  return rows.map((row) => {
    if ((row.status !== 'ready' && row.status !== 'likely') || !row.child) return row;
    const c = row.child;
    const seen = new Set<Earlier>();
    for (const k of dateKeys(c.dateOfBirth, true).concat(dateKeys(c.dateOfBirth, false))) for (const e of byKey.get(k) ?? []) seen.add(e);
    const rowsLike = likelyDuplicates({ firstName: c.firstName, lastName: c.lastName, dateOfBirth: c.dateOfBirth }, [...seen], 20).map((e) => e.row);
    const me: Earlier = { row: row.row, first_name: c.firstName, last_name: c.lastName, aliases: c.aliases.join(', ') || null, date_of_birth: c.dateOfBirth };
    for (const k of new Set(dateKeys(c.dateOfBirth, false))) byKey.set(k, [...(byKey.get(k) ?? []), me]);
    const children = [...(recorded.get(row.row) ?? [])];
    if (!children.length && !rowsLike.length) return row;
    return { ...row, status: 'likely', likely: { children, rows: rowsLike.sort((a, b) => a - b) } };
  });
}

// Issue 15 item 13: a row likely already recorded is imported only when the coordinator ticks it (by row number)
export function importAnyway(rows: ImportRow[], rowNumbers: ReadonlySet<number>): ImportRow[] {
  return rows.map((r) => (r.status === 'likely' && rowNumbers.has(r.row) ? { ...r, status: 'ready', anyway: true } : r));
}

export type ImportCounts = { rows: number; ready: number; held: number; likely: number; repeated: number; problems: number };

export function importCounts(rows: readonly ImportRow[]): ImportCounts {
  const count = (s: ImportRowStatus) => rows.filter((r) => r.status === s).length;
  return { rows: rows.length, ready: count('ready'), held: count('held'), likely: count('likely'), repeated: count('repeated'), problems: count('problem') };
}
