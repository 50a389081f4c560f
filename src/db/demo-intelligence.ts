import type { Db, Queryable } from './client.ts';
import type { PartnershipConfig } from '../partnerships/index.ts';
import { normalisePlate, normalisePhone } from '../domain/intelligence/normalise.ts';
import { searchTextOf } from '../domain/intelligence/names.ts';
import { addDays } from '../domain/calendar/dates.ts';
import { todayIso } from '../platform/dates.ts';

/**
 * A believable, wholly fictional network for each partnership's demo children (DOMAIN §6 mapping): two persons of
 * concern with nicknames, their associate and a relative, hotspots, a safe space, a takeaway, a hotel and an address
 * of concern with coordinates near the partnership's map centre, two vehicles, two phones (Ofcom's drama range,
 * 07700 900xxx) and the links between them and the demo children; missing episodes, significant events, a trafficking
 * concern and investigations for some children. Names, places and plates are invented; addresses are on example
 * roads. Loaded once, with the demo children.
 */
export async function seedDemoIntelligence(db: Db, partnerships: Map<string, PartnershipConfig>): Promise<void> {
  for (const p of partnerships.values()) {
    await db.tx(async (q) => {
      const [{ n }] = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM intel_records WHERE partnership_id = $1`, [p.id])) as [{ n: number }];
      if (n > 0) return;
      const [user] = await q.query<{ id: string }>(`SELECT id FROM users WHERE partnership_id = $1 AND email_key = $2`, [
        p.id,
        `practitioner@${p.id}.example.org`,
      ]);
      if (!user) return;
      const kids = await q.query<{ id: string; district_id: string | null }>(
        `SELECT id, district_id FROM children WHERE partnership_id = $1 ORDER BY reference LIMIT 12`,
        [p.id],
      );
      if (kids.length < 10) return;
      await seedPartnership(q, p, user.id, kids);
    });
  }
}

type Kid = { id: string; district_id: string | null };

async function seedPartnership(q: Queryable, p: PartnershipConfig, userId: string, kids: Kid[]) {
  const today = todayIso();
  const ago = (days: number) => addDays(today, -days);
  const police = p.agencies.find((a) => a.kind === 'police')?.id ?? null;
  const care = p.agencies.find((a) => a.kind === 'social-care')?.id ?? null;
  const [lat0, lng0] = p.map?.centre ?? [52.8, -2.0];
  const at = (dLat: number, dLng: number) => ({ latitude: Math.round((lat0 + dLat) * 1e5) / 1e5, longitude: Math.round((lng0 + dLng) * 1e5) / 1e5 });
  const district = (i: number) => kids[i]?.district_id ?? null;

  const record = async (
    kind: string,
    label: string,
    attributes: Record<string, unknown>,
    o: {
      matchKey?: string | null;
      districtId?: string | null;
      source?: string;
      agency?: string | null;
      on?: string;
      reliability?: string;
      search?: string[];
    } = {},
  ) => {
    const [row] = await q.query<{ id: string }>(
      `INSERT INTO intel_records (partnership_id, kind, label, match_key, verified, attributes, district_id, source, source_agency_id, information_date, reliability, search_text, created_by)
       VALUES ($1, $2, $3, $4, true, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        p.id,
        kind,
        label,
        o.matchKey ?? null,
        JSON.stringify(attributes),
        o.districtId ?? null,
        o.source ?? 'Police intelligence report',
        o.agency === undefined ? police : o.agency,
        o.on ?? ago(60),
        o.reliability ?? 'usually-reliable',
        searchTextOf([label, ...(o.search ?? [])]),
        userId,
      ],
    );
    return row!.id;
  };
  type End = { child: string } | { record: string };
  const link = async (
    a: End,
    b: End,
    relation: string,
    o: { first?: string | null; last?: string | null; source?: string; agency?: string | null; reliability?: string; notes?: string } = {},
  ) => {
    await q.query(
      `INSERT INTO intel_links (partnership_id, a_child_id, a_record_id, b_child_id, b_record_id, relation, first_seen_on, last_seen_on, source, source_agency_id, reliability, notes, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        p.id,
        'child' in a ? a.child : null,
        'record' in a ? a.record : null,
        'child' in b ? b.child : null,
        'record' in b ? b.record : null,
        relation,
        o.first === undefined ? ago(120) : o.first,
        o.last === undefined ? ago(10) : o.last,
        o.source ?? 'Police intelligence report',
        o.agency === undefined ? police : o.agency,
        o.reliability ?? 'usually-reliable',
        o.notes ?? null,
        userId,
      ],
    );
  };
  const person = (
    label: string,
    nicknames: string[],
    role: string,
    dob: string | null,
    addresses: string | null,
    features: string | null,
    districtId: string | null,
  ) => record('person', label, { names: [label], nicknames, dateOfBirth: dob, role, addresses, features }, { districtId, search: nicknames });
  const location = (
    name: string,
    address: string,
    locationKind: string,
    coords: { latitude: number | null; longitude: number | null },
    districtId: string | null,
    source = 'Police intelligence report',
  ) => record('location', `${name}, ${address}`, { locationKind, name, address, postcode: null, ...coords }, { districtId, source, search: [name, address] });
  const vehicle = (plate: string, make: string, model: string, colour: string) => {
    const n = normalisePlate(plate);
    return record(
      'vehicle',
      n.ok ? n.display! : plate,
      { plate: n.ok ? n.display : plate, make, model, colour },
      { matchKey: n.ok ? n.key : null, search: [make, model] },
    );
  };
  const phone = (number: string) => {
    const n = normalisePhone(number);
    return record(
      'phone',
      n.ok ? n.display! : number,
      { number: n.ok ? n.display : number, e164: n.ok ? n.key : null },
      { matchKey: n.ok ? n.key : null, search: [number.replace(/\s/g, '')] },
    );
  };

  // Persons of concern, an associate and a relative.
  const smudge = await person(
    'Dean Vickery',
    ['Smudge', 'D'],
    'suspected-exploiter',
    '1998-07-14',
    '4 Placeholder Avenue',
    'Tall; tattoo of a swallow on the left hand',
    district(0),
  );
  const cp = await person(
    'Connor Pryde',
    ['CP'],
    'suspected-exploiter',
    '1994-02-03',
    'Flat 3, 12 Sample Street',
    'Drives a grey hatchback; wears a gold chain',
    district(1),
  );
  const lena = await person('Lena Hartigan', ['Lee'], 'associate', null, null, null, district(0));
  const aunt = await person('Marie Kellow', [], 'family-member', null, '22 Mock Terrace', null, district(4));

  // Places: hotspots, a safe space, a takeaway, a hotel, an address of concern (one without coordinates).
  const towpath = await location('Canal towpath by the old lock', 'Example Road', 'hotspot', at(0.012, -0.018), district(0));
  const precinct = await location('Shopping precinct car park', 'Sample Street', 'hotspot', at(-0.008, 0.011), district(2));
  const youth = await location('Riverside youth centre', '5 Fictional Lane', 'safe-space', at(0.004, 0.022), district(6), 'Youth service');
  const takeaway = await location('Golden Fry takeaway', '31 Invented Way', 'takeaway', at(-0.015, -0.006), district(4));
  const hotel = await location('Station Lodge hotel', '2 Demo Crescent', 'hotel', at(0.019, 0.007), district(1));
  const flat = await location('Flat 3', '12 Sample Street', 'address-of-concern', at(-0.021, 0.015), district(1));
  await location('Bus station shelter', 'Testing Close', 'hotspot', { latitude: null, longitude: null }, district(8), 'School report');

  // Vehicles and phones (Ofcom's drama numbers: never anyone's).
  const hatchback = await vehicle('AB12 CDE', 'Vauxhall', 'Corsa', 'Grey');
  const van = await vehicle('DX68 ZFP', 'Ford', 'Transit', 'White');
  const burner = await phone('07700 900123');
  const cpPhone = await phone('07700 900456');

  const [jordan, kayla, tyler, amelia, reece, , mason, , callum, ruby] = kids.map((k) => ({ child: k.id }));
  const r = (id: string) => ({ record: id });

  // Jordan, Tyler and Reece: county lines around Smudge, the towpath and the takeaway.
  await link(jordan!, r(smudge), 'suspected-exploiter', { notes: 'Seen handing Jordan a package at the towpath.' });
  await link(jordan!, r(towpath), 'frequents');
  await link(jordan!, r(takeaway), 'found-at', { first: ago(40), last: ago(40), source: 'Missing from home return interview', agency: care });
  await link(jordan!, r(burner), 'uses', { notes: 'A second phone found on Jordan when stopped.', reliability: 'reliable' });
  await link(tyler!, r(smudge), 'suspected-exploiter');
  await link(tyler!, r(towpath), 'frequents', { first: ago(90), last: ago(5) });
  await link(tyler!, jordan!, 'friend', {
    source: 'School report',
    agency: p.agencies.find((a) => a.kind === 'education')?.id ?? null,
    reliability: 'reliable',
  });
  await link(reece!, r(takeaway), 'frequents');
  await link(reece!, r(van), 'other', { notes: 'Seen getting out of the van outside the takeaway late at night.', reliability: 'untested' });
  await link(reece!, r(precinct), 'frequents', { first: null, last: null });
  // Kayla and Amelia: CSE around CP, the hotel and the flat.
  await link(kayla!, r(cp), 'suspected-exploiter', { notes: 'Older male picking Kayla up from school.' });
  await link(kayla!, r(hotel), 'found-at', { first: ago(25), last: ago(25) });
  await link(kayla!, r(cpPhone), 'other', { notes: 'Number saved in Kayla’s phone as “CP”.', reliability: 'reliable' });
  await link(amelia!, r(cp), 'suspected-exploiter');
  await link(amelia!, r(hotel), 'found-at', { first: ago(30), last: ago(30) });
  await link(amelia!, kayla!, 'friend', { reliability: 'reliable' });
  await link(amelia!, r(flat), 'frequents', { reliability: 'unreliable' });
  // Mason and Ruby: the safe space and a relative.
  await link(mason!, r(youth), 'frequents', { source: 'Youth service', agency: null, reliability: 'reliable' });
  await link(ruby!, r(aunt), 'relative', { source: 'Social care record', agency: care, reliability: 'reliable' });
  await link(ruby!, r(youth), 'frequents', { source: 'Youth service', agency: null, reliability: 'reliable' });
  // Callum: the towpath (not yet referred: repeated missing, no assessment).
  await link(callum!, r(towpath), 'found-at', { first: ago(20), last: ago(20) });
  // The persons' own vehicles, phones and places.
  await link(r(smudge), r(burner), 'uses');
  await link(r(smudge), r(hatchback), 'registered-to', { source: 'Police National Computer', reliability: 'reliable' });
  await link(r(smudge), r(takeaway), 'works-at');
  await link(r(smudge), r(lena), 'associate', { reliability: 'untested' });
  await link(r(cp), r(cpPhone), 'uses');
  await link(r(cp), r(flat), 'lives-at', { reliability: 'reliable' });
  await link(r(cp), r(van), 'uses', { reliability: 'untested' });

  // What happened: missing episodes, significant events, trafficking and investigations.
  const missing = async (
    child: string,
    startDays: number,
    hours: number,
    o: { foundAt?: string; foundText?: string; withWhom?: string; interview?: string; concern?: boolean } = {},
  ) => {
    const start = new Date(`${ago(startDays)}T21:30:00Z`);
    const end = new Date(start.getTime() + hours * 3_600_000);
    await q.query(
      `INSERT INTO missing_episodes (partnership_id, child_id, went_missing_on, returned_on, started_at, ended_at, found_location_record_id, found_at_text, with_whom,
                                     reported_by, return_interview, return_interview_on, exploitation_concern, notes, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        p.id,
        child,
        ago(startDays),
        end.toISOString().slice(0, 10),
        start,
        end,
        o.foundAt ?? null,
        o.foundText ?? null,
        o.withWhom ?? null,
        'Carer (demo)',
        o.interview ?? 'completed',
        o.interview === 'declined' ? null : ago(Math.max(0, startDays - 2)),
        o.concern ?? false,
        'Demo episode',
        userId,
      ],
    );
  };
  await missing(jordan!.child, 40, 20, { foundAt: takeaway, withWhom: 'two older males', concern: true });
  await missing(jordan!.child, 75, 30, { foundAt: towpath, concern: true, interview: 'declined' });
  await missing(callum!.child, 20, 12, { foundAt: towpath, concern: true });
  await missing(callum!.child, 70, 8, { foundText: 'A friend’s house, Example Road' });
  await missing(callum!.child, 130, 26, { foundText: 'Another town’s railway station', withWhom: 'not known', interview: 'offered' });

  const school = p.agencies.find((a) => a.kind === 'education')?.id ?? null;
  const event = async (
    child: string,
    days: number,
    kind: string,
    summary: string,
    loc: string | null,
    source: string,
    reliability: string,
    agency = police,
  ) => {
    await q.query(
      `INSERT INTO child_events (partnership_id, child_id, occurred_at, kind, summary, location_record_id, source, source_agency_id, reliability, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [p.id, child, new Date(`${ago(days)}T16:45:00Z`), kind, summary, loc, source, agency, reliability, userId],
    );
  };
  await event(
    jordan!.child,
    12,
    'police-contact',
    'Stopped by police near the canal with a second phone and £140 in cash.',
    towpath,
    'Police stop and search record',
    'reliable',
  );
  await event(jordan!.child, 55, 'school-exclusion', 'Fixed-term exclusion after bringing a knife to school.', null, 'School report', 'reliable', school);
  await event(
    kayla!.child,
    25,
    'found-in-concerning-circumstances',
    'Found at the hotel with an older male after being reported missing.',
    hotel,
    'Police missing person report',
    'reliable',
  );

  await q.query(
    `INSERT INTO trafficking_concerns (partnership_id, child_id, concern, nrm_status, nrm_referred_on, recorded_on, created_by)
     VALUES ($1, $2, 'Moved between towns to sell drugs (county lines).', 'referred', $3, $3, $4)`,
    [p.id, jordan!.child, ago(30), userId],
  );
  await q.query(
    `INSERT INTO investigations (partnership_id, child_id, kind, reference, agency_id, started_on, outcome, outcome_on, disclosure, created_by)
     VALUES ($1, $2, 's47', 'S47-DEMO-0142', $3, $4, 'nfa', $5, NULL, $6),
            ($1, $7, 'criminal', 'CRIM-DEMO-2291', $8, $9, 'ongoing', NULL, 'Partial disclosure of being driven to the hotel by an older male.', $6)`,
    [p.id, jordan!.child, care, ago(200), ago(170), userId, kayla!.child, police, ago(24)],
  );
}
