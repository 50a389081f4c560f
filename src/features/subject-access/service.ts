import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { audit, auditForChild, type AuditRow } from '../../platform/audit.ts';
import { auditActionLabel } from '../../platform/audit-labels.ts';
import { toPdf } from '../../platform/exports/pdf.ts';
import { fileSafe, type ExportDocument, type ExportSection } from '../../platform/exports/document.ts';
import { roleNames, type Role } from '../../platform/roles.ts';
import { loadVisibleChild } from '../children/access.ts';
import { childTables, subjectAccessRepository as repo, type HeldRow } from './repository.ts';
import type { SubjectAccessInput } from './schemas.ts';

/** The groups a copy is arranged in, and which tables' rows go in each (a table not listed goes under "Other records"). */
const groups = [
  { key: 'record', title: 'The record', tables: ['child_aliases', 'child_addresses', 'child_agencies', 'timeline_events', 'child_tracker_alerts'] },
  {
    key: 'assessments',
    title: 'Assessments, referrals and screening',
    tables: [
      'assessments',
      'assessment_reviews',
      'ce_risk_assessment_updates',
      'referrals',
      'concerns',
      'npa_referrals',
      'triage_items',
      'panel_referrals',
      'lateral_checks',
      'pathway_steps',
      'cse_programmes',
    ],
  },
  {
    key: 'events',
    title: 'Missing episodes, events, trafficking and investigations',
    tables: ['missing_episodes', 'child_events', 'trafficking_concerns', 'investigations'],
  },
  { key: 'actions', title: 'Actions', tables: ['actions'] },
  { key: 'meetings', title: 'Meeting items and decisions', tables: ['meeting_recordings'] },
] as const;

const tableTitles: Record<string, string> = {
  child_aliases: 'Alias or nickname',
  child_addresses: 'Address',
  child_agencies: 'Agency involved',
  timeline_events: 'Timeline entry',
  child_tracker_alerts: 'National tracker alert',
  assessments: 'Assessment',
  assessment_reviews: 'Assessment review',
  ce_risk_assessment_updates: 'CE risk assessment update',
  referrals: 'Referral',
  concerns: 'Concern',
  npa_referrals: 'NPA referral',
  triage_items: 'Triage item',
  panel_referrals: 'Panel referral',
  lateral_checks: 'Lateral check',
  pathway_steps: 'Pathway step',
  cse_programmes: 'CSE service programme',
  cse_sessions: 'CSE service session',
  missing_episodes: 'Missing episode',
  child_events: 'Significant event',
  trafficking_concerns: 'Trafficking concern',
  investigations: 'Investigation',
  actions: 'Action',
  action_updates: 'Action update',
  meeting_recordings: 'Recording of a discussion (the audio is supplied separately)',
  agenda_items: 'Meeting item',
  agenda_item_contributions: 'What an agency shared',
  intel_links: 'Intelligence link',
};

export type SubjectAccessCopy = {
  produced: string;
  partnership: string;
  marking: string;
  requesterReference: string;
  child: HeldRow;
  sections: Record<string, Record<string, HeldRow[]>>;
  audit: { at: string; who: string; roles: string; agency: string | null; action: string; outcome: string; ip: string | null }[];
};

/** Staff ids as their names (a copy says who did what); every other value as held. */
function withStaffNames(row: HeldRow, staff: Map<string, string>): HeldRow {
  const out: HeldRow = {};
  for (const [k, v] of Object.entries(row)) {
    out[k] = typeof v === 'string' && (/_by$/.test(k) || /user_id$/.test(k)) && staff.has(v) ? `${staff.get(v)} (${v})` : v;
  }
  return out;
}

/** Everything the partnership holds about one child, read in the caller's transaction. */
async function gather(q: Queryable, p: PartnershipConfig, childId: string, requesterReference: string, now: Date): Promise<SubjectAccessCopy> {
  const staff = await repo.staffNames(q, p.id);
  const named = (rows: HeldRow[]) => rows.map((r) => withStaffNames(r, staff));
  const sections: Record<string, Record<string, HeldRow[]>> = {};
  const put = (group: string, table: string, rows: HeldRow[]) => {
    if (!rows.length) return;
    (sections[group] ??= {})[table] = named(rows);
  };
  for (const table of await childTables(q)) {
    const group = groups.find((g) => (g.tables as readonly string[]).includes(table))?.key ?? 'other';
    put(group, table, await repo.rowsOf(q, table, p.id, childId));
  }
  put('assessments', 'cse_sessions', await repo.cseSessions(q, p.id, childId));
  put('actions', 'action_updates', await repo.actionUpdates(q, p.id, childId));
  const items = await repo.meetingItems(q, p.id, childId);
  put(
    'meetings',
    'agenda_items',
    items.map((i) => i.item),
  );
  put(
    'meetings',
    'agenda_item_contributions',
    items.flatMap((i) => i.contributions),
  );
  put('intelligence', 'intel_links', await repo.intelligence(q, p.id, childId));
  const trail: AuditRow[] = await auditForChild(q, p.id, childId, 100000);
  const agencies = new Map(p.agencies.map((a) => [a.id, a.name]));
  return {
    produced: now.toISOString(),
    partnership: p.name,
    marking: p.marking.text,
    requesterReference,
    child: withStaffNames((await repo.child(q, p.id, childId))!, staff),
    sections,
    audit: trail.map((a) => ({
      at: new Date(a.at).toISOString(),
      who: a.actor_name ?? 'Unknown',
      roles: (a.actor_roles ?? '')
        .split(',')
        .filter(Boolean)
        .map((r) => roleNames[r as Role] ?? r)
        .join(', '),
      agency: a.actor_agency_id ? (agencies.get(a.actor_agency_id) ?? a.actor_agency_id) : null,
      action: auditActionLabel(a.action),
      outcome: a.outcome,
      ip: a.ip,
    })),
  };
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const label = (k: string) => k.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** The copy as a document: the record, each group's rows one by one, and the audit trail as a table. */
export function subjectAccessDocument(copy: SubjectAccessCopy, p: PartnershipConfig): ExportDocument {
  const sections: ExportSection[] = [
    {
      heading: 'The child’s record',
      keyValues: Object.entries(copy.child).map(([k, v]) => [label(k), text(v)] as [string, string]),
    },
  ];
  for (const g of [...groups, { key: 'intelligence', title: 'Intelligence that names the child' }, { key: 'other', title: 'Other records' }]) {
    const tables = copy.sections[g.key];
    if (!tables) {
      sections.push({ heading: g.title, paragraphs: ['None held.'] });
      continue;
    }
    sections.push({ heading: g.title, paragraphs: [`${Object.values(tables).reduce((n, r) => n + r.length, 0)} held.`] });
    for (const [table, rows] of Object.entries(tables)) {
      rows.forEach((row, i) =>
        sections.push({
          heading: `${tableTitles[table] ?? label(table)} (${i + 1} of ${rows.length})`,
          keyValues: Object.entries(row).map(([k, v]) => [label(k), text(v)] as [string, string]),
        }),
      );
    }
  }
  sections.push({
    heading: 'Who has seen the record, and who received it',
    paragraphs: ['Every view, change, export and sending of the record, newest first, as the audit trail holds it.'],
    tables: [
      {
        title: `Audit trail (${copy.audit.length})`,
        columns: ['When', 'Who', 'Agency', 'What', 'Outcome'],
        rows: copy.audit.map((a) => [a.at.slice(0, 16).replace('T', ' '), `${a.who} (${a.roles})`, a.agency ?? '', a.action, a.outcome]),
        align: ['left', 'left', 'left', 'left', 'left'],
        widths: [2, 3, 2, 3, 1],
      },
    ],
  });
  return {
    title: 'Subject access: everything held about a child',
    lines: [`Partnership: ${p.name}`, `Requester's reference: ${copy.requesterReference}`, `Produced: ${copy.produced}`],
    marking: p.marking,
    sections,
  };
}

/**
 * Subject access (issue 16 item 13; DPA 2018 s.45, UK GDPR Art. 15): a partnership admin produces everything the
 * partnership holds about one child as a marked PDF or as JSON. The request (its requester's reference and reason) and
 * the delivery (format, size and SHA-256 of what was produced, counts of what it holds) are audited in the transaction
 * that reads the data; another partnership's child, or one not found, is refused through loadVisibleChild (audited).
 */
export function subjectAccessService(db: Db) {
  return {
    /** The request form: the child (audited as a view of the record). */
    async form(actor: Actor, childId: string) {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, 'subject-access.view');
        if (child) await audit(q, actor, { action: 'subject-access.view', subjectType: 'child', subjectId: childId, childId });
        return child;
      });
    },

    async produce(actor: Actor, p: PartnershipConfig, childId: string, input: SubjectAccessInput, now = new Date()) {
      return db.tx(async (q) => {
        const child = await loadVisibleChild(q, actor, childId, 'subject-access.request');
        if (!child) return undefined;
        const asked = { requesterReference: input.requesterReference, reason: input.reason, format: input.format };
        await audit(q, actor, { action: 'subject-access.request', subjectType: 'child', subjectId: childId, childId, details: asked });
        const copy = await gather(q, p, childId, input.requesterReference, now);
        const body = input.format === 'pdf' ? await toPdf(subjectAccessDocument(copy, p), now) : Buffer.from(JSON.stringify(copy, null, 2), 'utf8');
        const counts = Object.fromEntries(Object.values(copy.sections).flatMap((t) => Object.entries(t).map(([k, rows]) => [k, rows.length])));
        await audit(q, actor, {
          action: 'subject-access.deliver',
          subjectType: 'child',
          subjectId: childId,
          childId,
          details: {
            requesterReference: input.requesterReference,
            format: input.format,
            bytes: body.length,
            sha256: createHash('sha256').update(body).digest('hex'),
            counts: { ...counts, audit_events: copy.audit.length },
          },
        });
        return {
          body,
          contentType: input.format === 'pdf' ? 'application/pdf' : 'application/json; charset=utf-8',
          filename: `${fileSafe(`${p.id}-subject-access-${child.reference}-${now.toISOString().slice(0, 10)}`)}.${input.format}`,
        };
      });
    },
  };
}
