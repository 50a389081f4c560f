/** Dashboards per role (issue #7): coordinator, chair and analyst, each a list of tables, most with a chart. */
import { inTurn, type Queryable } from '../../db/client.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { addCalendarMonths, addDays, compareIsoDates } from '../../domain/calendar/dates.ts';
import { lastTwoMonths, monthsOf } from '../../domain/reports/period.ts';
import { movementBetween, movementNames, type Movement } from '../../domain/reports/movement.ts';
import { isRiskLevel, instrumentNames } from '../../domain/risk/levels.ts';
import { intervalSql } from '../../domain/reports/intervals.ts';
import { formatDate, formatDateTime } from '../../platform/dates.ts';
import * as f from './figures.ts';
import { crossTab, countTable, groupTable, levelKeys, typeKeys, type Key, type Section } from './model.ts';

export type DashboardRole = 'coordinator' | 'chair' | 'analyst';
export const dashboardNames: Record<DashboardRole, string> = { coordinator: 'Coordinator', chair: 'Chair', analyst: 'Analyst' };

export function dashboardRoles(roles: readonly string[]): DashboardRole[] {
  return (['coordinator', 'chair', 'analyst'] as const).filter((r) => roles.includes(r));
}

const REVIEW_SOON_DAYS = 14;

export async function dashboard(q: Queryable, p: PartnershipConfig, role: DashboardRole, today: string, now: Date): Promise<Section[]> {
  if (role === 'coordinator') return coordinator(q, p, today);
  if (role === 'chair') return chair(q, p, today, now);
  return analyst(q, p, today);
}

async function coordinator(q: Queryable, p: PartnershipConfig, today: string): Promise<Section[]> {
  const soon = addDays(today, REVIEW_SOON_DAYS);
  const intervals = { high: intervalSql(p.reviewIntervals.high), medium: intervalSql(p.reviewIntervals.medium), low: intervalSql(p.reviewIntervals.low) };
  const [triage, reviews, actions] = await inTurn(
    () => f.triageCounts(q, p.id),
    () => f.reviewsBy(q, p.id, today, undefined, soon, intervals),
    () => f.actionCounts(q, p.id, { from: today, to: today }, null, today),
  );
  const triageRows = [
    { key: 'new', label: 'New' },
    { key: 'in-triage', label: 'In triage' },
  ];
  const oldest = triage
    .map((t) => t.oldest)
    .filter((d): d is Date => !!d)
    .sort((a, b) => +a - +b)[0];
  const states = reviews.map((r) => ({ ...r, state: compareIsoDates(r.next_review, today) < 0 ? 'overdue' : 'due' }));
  return [
    {
      id: 'triage',
      title: 'Triage inbox',
      rule: `Assessments, referrals and concerns waiting for a triage decision.${oldest ? ` The oldest arrived on ${formatDateTime(oldest)}.` : ''}`,
      tables: [
        {
          kind: 'count',
          id: 'triage',
          title: 'Waiting in the triage inbox',
          subject: 'other',
          rowHeader: 'Status',
          columns: ['Items'],
          chart: true,
          rows: triageRows.map((k) => ({ label: k.label, cells: [{ count: triage.find((t) => t.status === k.key)?.n ?? 0, ids: [] }] })),
        },
      ],
    },
    {
      id: 'reviews',
      title: 'Reviews due and overdue',
      rule: `Children whose next review (from their latest risk judgement and the partnership’s review intervals) is overdue, or due in the next ${REVIEW_SOON_DAYS} days.`,
      tables: [
        crossTab(
          {
            id: 'reviews',
            title: 'Reviews by risk level',
            subject: 'child',
            rowHeader: 'Risk level',
            rows: levelKeys.slice(0, 3),
            columns: [
              { key: 'overdue', label: 'Overdue' },
              { key: 'due', label: `Due in ${REVIEW_SOON_DAYS} days` },
            ],
            chart: true,
          },
          states,
          (r) => r.child_id,
          (r) => r.level,
          (r) => r.state,
        ),
      ],
    },
    {
      id: 'actions',
      title: 'Actions overdue by agency',
      rule: 'Open or in-progress actions whose due date has passed.',
      tables: [
        groupTable(
          {
            id: 'actions-overdue',
            title: 'Overdue actions by agency',
            subject: 'action',
            rowHeader: 'Agency',
            rows: p.agencies.map((a) => ({ key: a.id, label: a.name })),
            columns: [{ key: 'overdue', label: 'Overdue actions' }],
            chart: true,
          },
          actions.filter((a) => a.col_key === 'overdue'),
        ),
      ],
    },
  ];
}

async function chair(q: Queryable, p: PartnershipConfig, today: string, now: Date): Promise<Section[]> {
  const period = lastTwoMonths(today);
  const [next, discussed] = await inTurn(
    () => f.nextPanelChildren(q, p.id, now),
    () => f.discussedAtPanel(q, p.id, { from: period.from, to: today }, null),
  );
  const risk = next.length
    ? await f.currentRiskAsAt(
        q,
        p.id,
        today,
        undefined,
        ['high', 'medium', 'low', 'none'],
        next.map((n) => n.child_id),
      )
    : [];
  const levelOf = new Map(risk.map((r) => [r.child_id, r.level]));
  const movementKeys: Key[] = (['up', 'down', 'same', 'new'] as Movement[]).map((m) => ({ key: m, label: movementNames[m] }));
  return [
    {
      id: 'next-panel',
      title: 'Children at the next meeting',
      rule: next[0]
        ? `The children on the agenda of ${next[0].series_name} on ${formatDateTime(next[0].starts_at)}, by their current risk level.`
        : 'No upcoming meeting has an agenda yet.',
      tables: [
        countTable(
          {
            id: 'next-panel',
            title: 'Children at the next meeting by risk level',
            subject: 'child',
            rowHeader: 'Risk level',
            rows: [...levelKeys, { key: 'unknown', label: 'Not assessed' }],
            column: 'Children',
            chart: true,
          },
          next,
          (n) => n.child_id,
          (n) => levelOf.get(n.child_id) ?? 'unknown',
        ),
      ],
    },
    {
      id: 'movement',
      title: 'Movement between levels',
      rule: `Children discussed from ${formatDate(period.from)} to ${formatDate(today)}: the level decided compared with the level before.`,
      tables: [
        countTable(
          {
            id: 'movement',
            title: 'Movement between risk levels',
            subject: 'child',
            rowHeader: 'Movement',
            rows: movementKeys,
            column: 'Children',
            chart: true,
          },
          discussed.filter((d) => isRiskLevel(d.level)),
          (d) => d.child_id,
          (d) => movementBetween(d.previous_level ?? d.referral_level, d.level as 'high'),
        ),
      ],
    },
  ];
}

async function analyst(q: Queryable, p: PartnershipConfig, today: string): Promise<Section[]> {
  // The twelve calendar months up to and including this one.
  const period = { from: addCalendarMonths(`${today.slice(0, 7)}-01`, -11), to: today };
  const [byType, byDistrict] = await inTurn(
    () => f.assessmentsByMonth(q, p.id, period, 'type'),
    () => f.assessmentsByMonth(q, p.id, period, 'district'),
  );
  const months = monthsOf(period).map((m) => ({ key: m, label: formatDate(`${m}-01`).replace(/^1 /, '') }));
  const instruments: Key[] = p.assessmentTools.map((t) => ({ key: t, label: instrumentNames[t] }));
  const districtRows = byDistrict.map((g) => ({ ...g, row_key: g.col_key.split('|')[0]!, col_key: g.col_key.split('|')[1]! }));
  return [
    {
      id: 'trend',
      title: 'Assessments by month',
      rule: `Assessments completed from ${formatDate(period.from)} to ${formatDate(today)}, by month and type of exploitation (the assessment’s type, else the child’s primary risk).`,
      tables: [
        groupTable(
          { id: 'trend', title: 'Assessments by month and type', subject: 'other', rowHeader: 'Month', rows: months, columns: typeKeys, chart: true },
          byType,
        ),
      ],
    },
    {
      id: 'by-district',
      title: 'Assessments by district',
      rule: 'The same assessments by the child’s district and the instrument used.',
      tables: [
        groupTable(
          {
            id: 'by-district',
            title: 'Assessments by district and instrument',
            subject: 'other',
            rowHeader: 'District',
            rows: [...p.districts.map((d) => ({ key: d.id, label: d.name })), { key: '', label: 'No district recorded' }],
            columns: instruments,
            chart: true,
          },
          districtRows,
        ),
      ],
    },
  ];
}
