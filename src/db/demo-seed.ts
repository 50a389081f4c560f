import type { Db } from './client.ts';
import type { PartnershipConfig } from '../partnerships/index.ts';
import type { HolidayCalendar } from '../domain/calendar/working-days.ts';
import { roles, type Role } from '../platform/roles.ts';
import { hashPassword, generatePassword } from '../platform/passwords.ts';
import { childRepository } from '../features/children/repository.ts';
import { audit } from '../platform/audit.ts';
import { seedDemoAssessments } from './demo-assessments.ts';
import { seedDemoIntelligence } from './demo-intelligence.ts';
import { seedDemoAgendas } from '../features/agenda/demo.ts';
import { addTimelineEvent } from '../features/children/timeline.ts';
import { anniversary } from '../domain/eligibility/age.ts';
import { todayIso } from '../platform/dates.ts';

/** Fictional people only. Names are invented; addresses use example.org. */
const staffNames: Record<Role, string> = {
  practitioner: 'Priya Fairweather',
  coordinator: 'Colin Marchbank',
  administrator: 'Alys Penhallow',
  chair: 'Chidi Ashworth',
  responder: 'Rhiannon Tollemache',
  analyst: 'Anders Quillfeather',
  admin: 'Adaeze Winterbourne',
};

/** Which kind of agency each demo role sits in. */
const agencyKind: Record<Role, string[]> = {
  practitioner: ['social-care'],
  coordinator: ['social-care'],
  administrator: ['social-care', 'local-authority'],
  chair: ['police', 'social-care'],
  responder: ['education'],
  analyst: ['police'],
  admin: ['local-authority', 'social-care'],
};

const children: [string, string, string, string | null, string[]][] = [
  ['Jordan', 'Ashdown', '2010-03-27', 'CCE', ['JJ']],
  ['Kayla', 'Brightwell', '2009-11-02', 'CSE', []],
  ['Tyler', 'Cresswell', '2011-06-15', 'CCE', ['Ty']],
  ['Amelia', 'Dunmore', '2009-01-30', 'CSE', ['Millie']],
  ['Reece', 'Eastwood', '2010-09-09', 'CCE', []],
  ['Sofia', 'Fenwick', '2012-04-21', 'Other', []],
  ['Mason', 'Greenhalgh', '2009-07-18', 'CCE', ['Mace']],
  ['Leah', 'Hollingworth', '2011-12-05', 'CSE', []],
  ['Callum', 'Ingleby', '2009-08-24', 'CCE', ['Cal']],
  ['Ruby', 'Jessop', '2010-02-11', 'CSE', []],
  ['Ethan', 'Kilbride', '2012-10-01', null, []],
  ['Maisie', 'Lockwood', '2009-05-29', 'CSE', ['Mai']],
];

/**
 * A demo child's date of birth in the year the demo is seeded: the table's dates are for 2026 (every child 13–17 all
 * year), moved on a year for each year since, so the demo children stay under 18 (DOMAIN §3.4, §6) however late it is seeded.
 */
export function demoDateOfBirth(dob2026: string, today = todayIso()): string {
  return anniversary(dob2026, Math.max(0, Number(today.slice(0, 4)) - 2026));
}

type DemoResult = { password: string; generated: boolean; users: number; children: number };

/**
 * Loads fictional demo users (one per role per partnership, {role}@{partnership}.example.org) and a dozen
 * fictional children per partnership. Safe to run again: it resets the demo users' passwords and adds
 * children only to a partnership that has none. `calendar`: the bank holidays the demo meetings and dates use (the
 * configuration's).
 */
export async function seedDemo(db: Db, partnerships: Map<string, PartnershipConfig>, calendar: HolidayCalendar, demoPassword?: string): Promise<DemoResult> {
  const password = demoPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  let users = 0;
  let added = 0;
  for (const p of partnerships.values()) {
    await db.tx(async (q) => {
      // Issue 17: two seeds at once (two processes, two `npm run seed:demo`) take turns per partnership, so the second
      // finds the first's children and adds none.
      await q.query(`SELECT pg_advisory_xact_lock(727016, hashtext($1))`, [p.id]);
      const ids: Partial<Record<Role, string>> = {};
      for (const role of roles) {
        const agency = p.agencies.find((a) => agencyKind[role].includes(a.kind)) ?? p.agencies[0]!;
        const email = `${role}@${p.id}.example.org`;
        await q.query(`INSERT INTO user_emails (email, partnership_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [email, p.id]);
        const [row] = await q.query<{ id: string }>(
          `INSERT INTO users (partnership_id, email, display_name, agency_id, roles, password_hash)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (partnership_id, email_key) DO UPDATE SET password_hash = excluded.password_hash, disabled_at = NULL
           RETURNING id`,
          [p.id, email, staffNames[role], agency.id, [role], passwordHash],
        );
        ids[role] = row!.id;
        users++;
      }
      const [{ n }] = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM children WHERE partnership_id = $1`, [p.id])) as [{ n: number }];
      if (n > 0) return;
      const repo = childRepository(q);
      const practitioner = ids.practitioner!;
      for (const [i, [first, last, dob, risk, aliases]] of children.entries()) {
        const district = p.districts[i % p.districts.length]!;
        const lead = p.agencies.find((a) => a.kind === 'social-care') ?? p.agencies[0]!;
        const child = await repo.insert(
          q,
          p.id,
          {
            firstName: first,
            lastName: last,
            dateOfBirth: demoDateOfBirth(dob),
            districtId: district.id,
            primaryRisk: (risk ?? undefined) as 'CSE' | 'CCE' | 'Other' | undefined,
            gender: ['Male', 'Female'][i % 2],
            livingSituation: p.lists.livingSituation[i % 3],
            eetStatus: p.lists.eetStatus[i % 4],
            leadProfessionalName: staffNames.practitioner,
            leadProfessionalAgencyId: lead.id,
            leadProfessionalContact: `practitioner@${p.id}.example.org`,
          } as never,
          practitioner,
        );
        for (const alias of aliases) await repo.addAlias(q, p.id, child.id, alias, 'nickname', practitioner);
        await repo.addAddress(
          q,
          p.id,
          child.id,
          { address: `${10 + i} Example Road, ${district.name}`, postcode: undefined, fromDate: '2024-09-01' },
          practitioner,
        );
        await repo.addAgency(
          q,
          p.id,
          child.id,
          { agencyId: lead.id, workerName: staffNames.practitioner, workerContact: `practitioner@${p.id}.example.org` },
          practitioner,
        );
        await addTimelineEvent(q, { partnershipId: p.id, childId: child.id, kind: 'record', summary: 'Record created (demo data)', actorUserId: practitioner });
        added++;
      }
      await audit(q, { partnershipId: p.id }, { action: 'demo.seed', details: { children: children.length } });
    });
  }
  if (added > 0) await seedDemoAssessments(db, partnerships, calendar);
  if (added > 0) await seedDemoIntelligence(db, partnerships);
  if (added > 0) await seedDemoAgendas(db, partnerships, calendar);
  return { password, generated: !demoPassword, users, children: added };
}
