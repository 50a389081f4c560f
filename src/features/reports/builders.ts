/** The four reports, each a list of sections of tables built from the named figure functions in figures.ts. */
import { inTurn, type Queryable } from '../../db/client.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { addDays, compareIsoDates } from '../../domain/calendar/dates.ts';
import { monthsOf, type Period } from '../../domain/reports/period.ts';
import { movementBetween, movementNames, type Movement } from '../../domain/reports/movement.ts';
import { isRiskLevel } from '../../domain/risk/levels.ts';
import { rfmCurrentAt, withinWorkingDays, reviewState, isRepeatReferral, REPEAT_REFERRALS } from '../../domain/reports/compliance.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { nextReviewDate } from '../../domain/cadence/review.ts';
import { intervalSql } from '../../domain/reports/intervals.ts';
import { indicatorByNumber } from '../../domain/rfm/indicators.ts';
import { packKindOf } from '../../domain/packs/packs.ts';
import { formatDate } from '../../platform/dates.ts';
import * as f from './figures.ts';
import { areaMissingFigures, missingSection } from './missing.ts';
import {
  crossTab,
  countTable,
  groupTable,
  pairs,
  keysByFrequency,
  levelKeys,
  typeKeys,
  typeOf,
  type Key,
  type Report,
  type ReportKind,
  type Section,
  type ListTable,
} from './model.ts';

/** `calendar`: the bank holidays that "within 3 working days" skips (the configuration's). */
type BuildOptions = { period: Period; districtId: string | null; today: string; now: Date; police: boolean; calendar: HolidayCalendar };

export const reportTitles: Record<ReportKind, string> = {
  'bi-monthly': 'Bi-monthly panel data report',
  form: 'FORM document (CE and Missing)',
  monthly: 'Monthly Exploitation Meeting data set',
  rotherham: 'MACE figures: VAT bands, reviews and assessments',
};

/** Which reports a partnership has: its configuration (`reports`). */
export const reportsFor = (p: PartnershipConfig): ReportKind[] => [...p.reports];
/** The meeting the FORM document goes out before: the type whose pack is the FORM document (LLR's FORM). */
export const formMeetingType = (p: PartnershipConfig) => p.meetingTypes.find((m) => packKindOf(m) === 'form');
/** Reports with a district filter (Staffordshire's district panels). */
export const hasDistrictFilter = (k: ReportKind) => k === 'bi-monthly';
/** Reports the coordinator writes good practice and gaps for (003, DOMAIN §6 Accountability: the bi-monthly report). */
export const hasCommentary = (k: ReportKind) => k === 'bi-monthly';

const districtKeys = (p: PartnershipConfig): Key[] => [...p.districts.map((d) => ({ key: d.id, label: d.name })), { key: '', label: 'No district recorded' }];
const agencyKeys = (p: PartnershipConfig): Key[] => p.agencies.map((a) => ({ key: a.id, label: a.name }));
const categoryKeys: Key[] = [
  { key: '1', label: '1. Discuss at MACE' },
  { key: '2', label: '2. Insufficient information' },
  { key: '3', label: '3. Remain under MACE consideration, no discussion' },
  { key: '4', label: '4. Remove from MACE' },
];
const movementKeys: Key[] = (['up', 'down', 'same', 'new'] as Movement[]).map((m) => ({ key: m, label: movementNames[m] }));
const levelName = (l: string | null | undefined) => levelKeys.find((k) => k.key === l)?.label ?? 'Not recorded';
const list = (o: { id: string; title: string; subject: ListTable['subject']; columns: string[] }, rows: { id?: string; cells: string[] }[]): ListTable => ({
  kind: 'list',
  ...o,
  rows,
});

export async function buildReport(q: Queryable, p: PartnershipConfig, kind: ReportKind, o: BuildOptions): Promise<Report> {
  const district = o.districtId ? (p.districts.find((d) => d.id === o.districtId) ?? null) : null;
  const sections =
    kind === 'bi-monthly'
      ? await biMonthly(q, p, o)
      : kind === 'form'
        ? await form(q, p, o)
        : kind === 'monthly'
          ? await monthly(q, p, o)
          : await rotherham(q, p, o);
  return { kind, title: reportTitles[kind], period: o.period, produced: o.now, district: district ? { id: district.id, name: district.name } : null, sections };
}

// ---------------------------------------------------------------------------------------------
// Staffordshire bi-monthly panel data report (DOMAIN §6 Accountability)
// ---------------------------------------------------------------------------------------------
async function biMonthly(q: Queryable, p: PartnershipConfig, o: BuildOptions): Promise<Section[]> {
  const [discussed, referrals, themes, trend, overrides, renewals, actions, training, locItems] = await inTurn(
    () => f.discussedAtPanel(q, p.id, o.period, o.districtId),
    () => f.thresholdedReferrals(q, p.id, o.period, o.districtId),
    () => f.rfmThemes(q, p.id, o.period, o.districtId),
    () => f.rfmTrend(q, p.id, o.period, o.districtId),
    () => f.rfmOverrides(q, p.id, o.period, o.districtId),
    () => f.rfmRenewals(q, p.id, o.period, o.districtId),
    () => f.actionCounts(q, p.id, o.period, o.districtId, o.today),
    () => f.trainingNeeds(q, p.id, o.period, o.districtId),
    () => f.locationItems(q, p.id, o.period, o.districtId),
  );
  const locations = await f.locationsOfChildren(
    q,
    p.id,
    discussed.map((d) => d.child_id),
    o.period,
  );
  const childId = (r: { child_id: string }) => r.child_id;
  const typeOfDiscussed = (d: f.DiscussedRow) => typeOf(d.rfm_type ?? d.primary_risk);
  const months = monthsOf(o.period).map((m) => ({ key: m, label: formatDate(`${m}-01`).replace(/^1 /, '') }));
  const overrideDirection = (r: f.OverrideRow) => {
    const m = isRiskLevel(r.judged_level) ? movementBetween(r.scored_level, r.judged_level) : 'new';
    return m === 'up' ? 'up' : m === 'down' ? 'down' : 'same';
  };
  const themeKeys = [...themes]
    .sort((a, b) => b.n - a.n || +a.row_key - +b.row_key)
    .map((g) => ({ key: g.row_key, label: `${g.row_key}. ${indicatorByNumber(+g.row_key)?.title ?? ''}`.trim() }));
  const sections: Section[] = [
    {
      id: 'discussed',
      title: 'Children discussed',
      rule: 'Children on an item discussed at a panel meeting in the period (each child once, at their latest discussion), by the level the panel decided and the type of exploitation on their latest Risk Factor Matrix. Categories are the thresholding decisions made in the period.',
      tables: [
        crossTab(
          {
            id: 'discussed-level-type',
            title: 'Children discussed by risk level and type',
            subject: 'child',
            rowHeader: 'Risk level decided',
            rows: [...levelKeys, { key: 'unknown', label: 'Not recorded' }],
            columns: typeKeys,
            chart: true,
          },
          discussed,
          childId,
          (d) => d.level ?? 'unknown',
          typeOfDiscussed,
        ),
        countTable(
          {
            id: 'category',
            title: 'Thresholding decisions by category',
            subject: 'child',
            rowHeader: 'Category',
            rows: categoryKeys,
            column: 'Children',
            chart: true,
          },
          referrals,
          childId,
          (r) => String(r.category),
        ),
      ],
    },
    {
      id: 'movement',
      title: 'Movement between risk levels',
      rule: 'For each child discussed: the level the panel decided compared with the level before (the previous panel decision, or the level on referral).',
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
          childId,
          (d) => movementBetween(d.previous_level ?? d.referral_level, d.level as 'high'),
        ),
        crossTab(
          {
            id: 'movement-matrix',
            title: 'Level before (rows) and level decided (columns)',
            subject: 'child',
            rowHeader: 'Level before',
            rows: [...levelKeys, { key: 'unknown', label: 'Not known' }],
            columns: levelKeys,
            totalRow: true,
          },
          discussed,
          childId,
          (d) => (isRiskLevel(d.previous_level ?? d.referral_level) ? (d.previous_level ?? d.referral_level)! : 'unknown'),
          (d) => d.level ?? undefined,
        ),
      ],
    },
    {
      id: 'themes',
      title: 'Themes and trends',
      rule: 'Themes: the Risk Factor Matrix indicators scored 3 or 4 in RFMs completed in the period (children counted once per indicator). Trends: RFMs completed and children discussed, by month.',
      tables: [
        groupTable(
          {
            id: 'themes',
            title: 'Indicators scored 3 or 4',
            subject: 'child',
            rowHeader: 'Indicator',
            rows: themeKeys,
            columns: [{ key: '*', label: 'Children' }],
            chart: true,
            totalRow: false,
          },
          themes,
        ),
        groupTable(
          {
            id: 'trend-rfm',
            title: 'RFMs completed by month and type',
            subject: 'other',
            rowHeader: 'Month',
            rows: months,
            columns: typeKeys,
            chart: true,
            totalRow: true,
          },
          trend,
        ),
        countTable(
          { id: 'trend-discussed', title: 'Children discussed by month', subject: 'child', rowHeader: 'Month', rows: months, column: 'Children' },
          discussed,
          childId,
          (d) => d.meeting_on.slice(0, 7),
        ),
      ],
    },
    {
      id: 'locations',
      title: 'Locations that featured',
      rule: 'Locations (hotspots, safe spaces and others) linked to the children discussed, or where their recorded events or missing episodes of the period happened; and locations discussed as agenda items.',
      tables: [
        countTable(
          {
            id: 'location-kinds',
            title: 'Locations by kind',
            subject: 'record',
            rowHeader: 'Kind of location',
            rows: keysByFrequency(
              locations,
              (l) => l.location_kind ?? 'other',
              (k) => locationKindName(k),
              (l) => l.record_id,
            ),
            column: 'Locations',
            totalRow: true,
          },
          locations,
          (l) => l.record_id,
          (l) => l.location_kind ?? 'other',
        ),
        locationTable('locations', 'Locations and the children linked to them', locations),
        list(
          { id: 'location-items', title: 'Locations discussed as agenda items', subject: 'other', columns: ['Location'] },
          locItems.map((l) => ({ cells: [l.label] })),
        ),
      ],
    },
    // Issue 15 item 16 (003): the aggregated missing-from-home-or-care figures of the district (or county) for the period.
    missingSection(await areaMissingFigures(q, p.id, o.period, o.districtId), p, o.period, o.districtId, o.today),
    {
      id: 'compliance',
      title: 'Practitioner compliance with the Risk Factor Matrix',
      rule: 'Children at panel with an RFM completed within the six months before the meeting; RFMs whose six months ended in the period, renewed (a new RFM or a Section E review) on time, late or not yet; professional judgement overriding the scored level in RFMs completed in the period.',
      tables: [
        countTable(
          {
            id: 'rfm-current',
            title: 'Children at panel with a current RFM',
            subject: 'child',
            rowHeader: 'RFM at the meeting',
            rows: [
              { key: 'yes', label: 'Current (within six months)' },
              { key: 'no', label: 'Not current or none' },
            ],
            column: 'Children',
            chart: true,
          },
          discussed,
          childId,
          (d) => (rfmCurrentAt(d.rfm_on, d.meeting_on) ? 'yes' : 'no'),
        ),
        groupTable(
          {
            id: 'renewals',
            title: 'RFM renewals due in the period',
            subject: 'other',
            rowHeader: 'Renewal',
            rows: [
              { key: 'on-time', label: 'Renewed on time' },
              { key: 'late', label: 'Renewed late' },
              { key: 'not-yet', label: 'Not yet renewed' },
            ],
            columns: [{ key: '*', label: 'RFMs' }],
          },
          renewals,
        ),
        countTable(
          {
            id: 'overrides',
            title: 'Professional judgement overrides',
            subject: 'other',
            rowHeader: 'Override',
            rows: [
              { key: 'up', label: 'Raised above the scored level' },
              { key: 'down', label: 'Lowered below the scored level' },
              { key: 'same', label: 'Same level, other band' },
            ],
            column: 'RFMs',
          },
          overrides,
          (r) => r.id,
          overrideDirection,
        ),
        list(
          { id: 'override-reasons', title: 'Reasons given for overrides', subject: 'other', columns: ['Completed', 'Scored level', 'Judged level', 'Reason'] },
          overrides.map((r) => ({ cells: [formatDate(r.completed_on), levelName(r.scored_level), levelName(r.judged_level), r.reason ?? ''] })),
        ),
      ],
    },
    {
      id: 'actions',
      title: 'Actions by agency',
      rule: 'SMART actions for children of the district (or its panel): set in the period, completed in the period, and overdue at the end of the period (or today, if the period has not ended). Cancelled actions are not counted.',
      tables: [
        groupTable(
          {
            id: 'actions-agency',
            title: 'Actions set, completed and overdue by agency',
            subject: 'action',
            rowHeader: 'Agency',
            rows: agencyKeys(p),
            columns: [
              { key: 'set', label: 'Set' },
              { key: 'done', label: 'Completed' },
              { key: 'overdue', label: 'Overdue' },
            ],
            totalColumn: false,
          },
          actions,
        ),
      ],
    },
    {
      id: 'training',
      title: 'Training needs recorded',
      rule: 'Training needs recorded for the district (or for all districts) in the period.',
      tables: [
        countTable(
          {
            id: 'training-agency',
            title: 'Training needs by agency',
            subject: 'other',
            rowHeader: 'Agency',
            rows: [...agencyKeys(p), { key: '', label: 'No agency named' }],
            column: 'Needs',
          },
          training,
          (t) => t.id,
          (t) => t.agency_id ?? '',
        ),
        list(
          { id: 'training-needs', title: 'Training needs', subject: 'other', columns: ['Recorded', 'Agency', 'Need'] },
          training.map((t) => ({ cells: [formatDate(t.recorded_on), p.agencies.find((a) => a.id === t.agency_id)?.name ?? '', t.need] })),
        ),
      ],
    },
  ];
  return sections;
}

/** Locations (rows, most children first) and the number of children linked to each. */
function locationTable(id: string, title: string, locations: f.LocationRow[]) {
  const linked = pairs(locations);
  const rows = [...locations]
    .sort((a, b) => b.child_ids.split(',').length - a.child_ids.split(',').length || a.label.localeCompare(b.label))
    .slice(0, 25)
    .map((l) => ({ key: l.record_id, label: `${l.label} (${locationKindName(l.location_kind ?? 'other')})` }));
  return countTable(
    { id, title, subject: 'child', rowHeader: 'Location', rows, column: 'Children', totalRow: false },
    linked,
    (l) => l.child_id,
    (l) => l.record_id,
  );
}

const locationKindNames: Record<string, string> = {
  hotspot: 'Hotspot',
  'safe-space': 'Safe space',
  venue: 'Venue',
  hotel: 'Hotel',
  takeaway: 'Takeaway',
  'taxi-firm': 'Taxi firm',
  school: 'School',
  'address-of-concern': 'Address of concern',
  other: 'Other or not recorded',
};
const locationKindName = (k: string) => locationKindNames[k] ?? k;

// ---------------------------------------------------------------------------------------------
// LLR FORM document (DOMAIN §5)
// ---------------------------------------------------------------------------------------------
async function form(q: Queryable, p: PartnershipConfig, o: BuildOptions): Promise<Section[]> {
  const asOf = o.period.to;
  const fortnight = { from: addDays(asOf, -13), to: asOf };
  const [risk, gradingsInPeriod, missing, stillMissing, repeats, actions] = await inTurn(
    () => f.currentRiskAsAt(q, p.id, asOf, undefined, ['high', 'medium']),
    () => f.gradings(q, p.id, o.period, 'thrive'),
    () => f.missingEpisodes(q, p.id, fortnight),
    () => f.missingAt(q, p.id, asOf),
    () => f.repeatMissing(q, p.id, asOf, 90, 3),
    () => f.openActions(q, p.id, o.period, formMeetingType(p)?.id ?? null),
  );
  const high = risk.filter((r) => r.level === 'high');
  const medium = risk.filter((r) => r.level === 'medium');
  const levelOf = new Map(risk.map((r) => [r.child_id, r.level]));
  const dn = (id: string | null) => p.districts.find((d) => d.id === id)?.name ?? '';
  const childRow = (r: { child_id: string; reference: string; district_id: string | null }, ...more: string[]) => ({
    id: r.child_id,
    cells: [r.reference, dn(r.district_id), ...more],
  });
  const lastConcern = new Map(
    (
      await f.lastConcerns(
        q,
        p.id,
        high.map((h) => h.child_id),
        asOf,
      )
    ).map((c) => [c.child_id, c.last_on]),
  );
  const highInterval = p.reviewIntervals.high;
  // DOMAIN §5 (product reading): a high-risk child is considered for downgrade when their grading is older than the high-risk review interval and no concern has come in since.
  const downgrade = high.filter((h) => {
    const due = nextReviewDate(h.on_date, 'high', p.reviewIntervals)!;
    const last = lastConcern.get(h.child_id);
    return compareIsoDates(due, asOf) <= 0 && (!last || compareIsoDates(last, h.on_date) <= 0);
  });
  const missingConcern = missing.filter((m) => m.exploitation_concern && ['high', 'medium'].includes(levelOf.get(m.child_id) ?? ''));
  const mpru = new Map<string, { child_id: string; reference: string; district_id: string | null; why: string }>();
  for (const m of stillMissing) mpru.set(m.child_id, { ...m, why: `Missing since ${formatDate(m.went_missing_on)}` });
  for (const m of repeats) if (!mpru.has(m.child_id)) mpru.set(m.child_id, { ...m, why: `${m.episodes} missing episodes in 90 days` });
  const carried = actions;

  const sections: Section[] = [
    {
      id: 'high-risk',
      title: 'High-risk children',
      rule: `Children whose latest risk grading on ${formatDate(asOf)} is high.`,
      tables: [
        countTable(
          {
            id: 'high-authority',
            title: 'High-risk children by authority',
            subject: 'child',
            rowHeader: 'Authority',
            rows: districtKeys(p),
            column: 'Children',
            chart: true,
          },
          high,
          (r) => r.child_id,
          (r) => r.district_id ?? '',
        ),
        list(
          { id: 'high-list', title: 'High-risk children', subject: 'child', columns: ['Reference', 'Authority', 'Type', 'Graded'] },
          high.map((r) => childRow(r, typeKeys.find((t) => t.key === typeOf(r.risk_type ?? r.primary_risk))!.label, formatDate(r.on_date))),
        ),
      ],
    },
  ];
  if (o.police) {
    const persons = await f.personsLinked(
      q,
      p.id,
      high.map((h) => h.child_id),
    );
    const byPerson = new Map<string, { label: string; role: string | null; children: Set<string>; last: string | null }>();
    for (const r of persons) {
      const e = byPerson.get(r.record_id) ?? { label: r.label, role: r.role, children: new Set(), last: null };
      e.children.add(r.child_id);
      if (r.last_seen && (!e.last || r.last_seen > e.last)) e.last = r.last_seen;
      byPerson.set(r.record_id, e);
    }
    const quiet = [...byPerson.entries()].filter(([, e]) => !e.last || compareIsoDates(e.last, o.period.from) < 0);
    sections.push({
      id: 'perpetrators',
      title: 'High-risk perpetrator considerations',
      policeOnly: true,
      rule: 'Persons of concern linked to a high-risk child, with the number of high-risk children linked and when a link was last seen. Downgrade considerations: those with no link seen in the period.',
      tables: [
        list(
          {
            id: 'perpetrators',
            title: 'Persons of concern linked to high-risk children',
            subject: 'record',
            columns: ['Person', 'Role', 'High-risk children linked', 'Last seen'],
          },
          [...byPerson.entries()].map(([id, e]) => ({ id, cells: [e.label, e.role ?? '', String(e.children.size), e.last ? formatDate(e.last) : ''] })),
        ),
        list(
          { id: 'perpetrator-downgrade', title: 'Perpetrator downgrade considerations', subject: 'record', columns: ['Person', 'Last seen'] },
          quiet.map(([id, e]) => ({ id, cells: [e.label, e.last ? formatDate(e.last) : 'Not recorded'] })),
        ),
      ],
    });
  } else {
    sections.push(withheld('perpetrators', 'High-risk perpetrator considerations'));
  }
  const areas = await f.locationsOfChildren(
    q,
    p.id,
    [...high, ...medium].map((r) => r.child_id),
    o.period,
  );
  sections.push(
    {
      id: 'areas',
      title: 'High-risk geographical areas',
      rule: 'Locations linked to high- and medium-risk children, or where their events or missing episodes of the period happened, most children first.',
      tables: [locationTable('areas', 'Locations linked to high- and medium-risk children', areas)],
    },
    {
      id: 'downgrade',
      title: 'High-risk downgrade considerations (children)',
      rule: `High-risk children graded more than ${highInterval.value} ${highInterval.unit} before ${formatDate(asOf)} (the high-risk review interval) with no new concern since their grading.`,
      tables: [
        list(
          { id: 'downgrade', title: 'Children to consider for downgrade', subject: 'child', columns: ['Reference', 'Authority', 'Graded high'] },
          downgrade.map((r) => childRow(r, formatDate(r.on_date))),
        ),
      ],
    },
    {
      id: 'medium-fortnight',
      title: 'Medium-risk CE cases of the fortnight',
      rule: 'Gradings of medium risk completed in the period.',
      tables: [
        countTable(
          {
            id: 'medium-fortnight-authority',
            title: 'Medium-risk gradings by authority',
            subject: 'child',
            rowHeader: 'Authority',
            rows: districtKeys(p),
            column: 'Children',
          },
          gradingsInPeriod.filter((g) => g.level === 'medium'),
          (g) => g.child_id,
          (g) => g.district_id ?? '',
        ),
        list(
          { id: 'medium-fortnight', title: 'Medium-risk gradings', subject: 'child', columns: ['Reference', 'Authority', 'Graded'] },
          gradingsInPeriod.filter((g) => g.level === 'medium').map((g) => childRow(g, formatDate(g.completed_on))),
        ),
      ],
    },
    {
      id: 'oversight',
      title: 'Oversight list: medium-risk children',
      rule: `Children whose latest risk grading on ${formatDate(asOf)} is medium.`,
      tables: [
        list(
          { id: 'oversight', title: 'Medium-risk children', subject: 'child', columns: ['Reference', 'Authority', 'Graded'] },
          medium.map((r) => childRow(r, formatDate(r.on_date))),
        ),
      ],
    },
    {
      id: 'missing',
      title: 'Missing in the previous 14 days with an exploitation concern',
      rule: `High- and medium-risk children with a missing episode starting between ${formatDate(fortnight.from)} and ${formatDate(fortnight.to)} recorded with an exploitation concern.`,
      tables: [
        countTable(
          {
            id: 'missing-level',
            title: 'Children missing by risk level',
            subject: 'child',
            rowHeader: 'Risk level',
            rows: levelKeys.slice(0, 2),
            column: 'Children',
          },
          missingConcern,
          (m) => m.child_id,
          (m) => levelOf.get(m.child_id),
        ),
        list(
          { id: 'missing-list', title: 'Missing episodes', subject: 'child', columns: ['Reference', 'Authority', 'Risk level', 'Went missing', 'Returned'] },
          missingConcern.map((m) =>
            childRow(m, levelName(levelOf.get(m.child_id)), formatDate(m.went_missing_on), m.returned_on ? formatDate(m.returned_on) : 'Not returned'),
          ),
        ),
      ],
    },
    {
      id: 'mpru',
      title: 'MPRU considerations',
      rule: 'For the missing persons unit (MPRU): children missing at the end of the period (within the last year), and children with 3 or more missing episodes in the 90 days to the end of the period.',
      tables: [
        list(
          { id: 'mpru', title: 'Children for the missing persons unit', subject: 'child', columns: ['Reference', 'Authority', 'Why'] },
          [...mpru.values()].map((m) => childRow(m, m.why)),
        ),
      ],
    },
    {
      id: 'carried',
      title: 'Open actions carried forward',
      rule: 'Actions of FORM meetings (or of no meeting) set by the end of the period and still open or in progress.',
      tables: [
        countTable(
          {
            id: 'carried-agency',
            title: 'Open actions by agency',
            subject: 'action',
            rowHeader: 'Agency',
            rows: agencyKeys(p),
            column: 'Actions',
            chart: true,
          },
          carried,
          (a) => a.id,
          (a) => a.agency_id,
        ),
        list(
          { id: 'carried', title: 'Open actions', subject: 'action', columns: ['Action', 'Child', 'Agency', 'Due'] },
          carried.map((a) => ({
            id: a.id,
            cells: [a.what, a.child_reference ?? '', p.agencies.find((x) => x.id === a.agency_id)?.name ?? a.agency_id, formatDate(a.due_on)],
          })),
        ),
      ],
    },
  );
  return sections;
}

function withheld(id: string, title: string): Section {
  return {
    id,
    title,
    policeOnly: true,
    rule: 'These figures come from police intelligence and investigations: they are shown to police users and to roles that may read intelligence.',
    tables: [],
  };
}

// ---------------------------------------------------------------------------------------------
// LLR Monthly Exploitation Meeting data set (DOMAIN §5)
// ---------------------------------------------------------------------------------------------
async function monthly(q: Queryable, p: PartnershipConfig, o: BuildOptions): Promise<Section[]> {
  const asOf = o.period.to;
  const [concerns, risk] = await inTurn(
    () => f.concerns(q, p.id, o.period),
    () => f.currentRiskAsAt(q, p.id, asOf, undefined, ['high', 'medium']),
  );
  const open = risk.filter((r) => r.level === 'high' || r.level === 'medium');
  const high = risk.filter((r) => r.level === 'high');
  const authorities = districtKeys(p);
  const typeCols: Key[] = [
    { key: 'CSE', label: 'CSE' },
    { key: 'CCE', label: 'CCE' },
    { key: 'Other', label: 'Other or not recorded' },
  ];
  const cseCce = (t: string | null | undefined) => (t === 'CSE' || t === 'CCE' ? t : 'Other');
  const repeat = new Map<string, f.ConcernRow>();
  for (const c of concerns) if (isRepeatReferral(c.total_to_date)) repeat.set(c.child_id, c);
  const locations = await f.locationsOfChildren(q, p.id, [...new Set(concerns.map((c) => c.child_id))], o.period);
  const education = [
    ...concerns.map((c) => ({ child_id: c.child_id, setting: c.education_setting })),
    ...open.map((r) => ({ child_id: r.child_id, setting: r.education_setting })),
  ].filter((e) => e.setting && e.setting.trim());
  const sections: Section[] = [
    {
      id: 'referrals',
      title: 'DRMM referrals for CCE and CSE',
      rule: 'Child concerns received in the period (each is a DRMM referral), by the child’s primary risk and authority.',
      tables: [
        crossTab(
          {
            id: 'referrals',
            title: 'DRMM referrals by authority and type',
            subject: 'other',
            rowHeader: 'Authority',
            rows: authorities,
            columns: typeCols,
            chart: true,
          },
          concerns,
          (c) => c.id,
          (c) => c.district_id ?? '',
          (c) => cseCce(c.primary_risk),
        ),
      ],
    },
    {
      id: 'open-cases',
      title: 'Open cases',
      rule: `Children whose latest grading on ${formatDate(asOf)} is high or medium.`,
      tables: [
        crossTab(
          {
            id: 'open-cases',
            title: 'Open cases by authority and level',
            subject: 'child',
            rowHeader: 'Authority',
            rows: authorities,
            columns: levelKeys.slice(0, 2),
          },
          open,
          (r) => r.child_id,
          (r) => r.district_id ?? '',
          (r) => r.level,
        ),
      ],
    },
  ];
  if (o.police) {
    const inv = await f.openInvestigations(q, p.id, asOf);
    sections.push({
      id: 'investigations',
      title: 'Open investigations',
      policeOnly: true,
      rule: `Investigations started by ${formatDate(asOf)} with no outcome by then (or recorded as ongoing).`,
      tables: [
        crossTab(
          {
            id: 'investigations',
            title: 'Open investigations by authority and kind',
            subject: 'other',
            rowHeader: 'Authority',
            rows: authorities,
            columns: [
              { key: 's47', label: 'Child protection (s47)' },
              { key: 'criminal', label: 'Criminal' },
            ],
          },
          inv,
          (v) => v.id,
          (v) => v.district_id ?? '',
          (v) => v.kind,
        ),
      ],
    });
  } else sections.push(withheld('investigations', 'Open investigations'));
  sections.push(
    {
      id: 'screening',
      title: 'Completed screening tools',
      rule: 'Child concerns received in the period whose source is a partner’s CE screening tool.',
      tables: [
        countTable(
          { id: 'screening', title: 'Screening tools by authority', subject: 'other', rowHeader: 'Authority', rows: authorities, column: 'Screening tools' },
          concerns.filter((c) => c.source === 'screening-tool'),
          (c) => c.id,
          (c) => c.district_id ?? '',
        ),
      ],
    },
    {
      id: 'high-by-authority',
      title: 'CSE and CCE high-risk numbers by authority',
      rule: `Children whose latest grading on ${formatDate(asOf)} is high, by type (the grading’s type, else the child’s primary risk) and authority.`,
      tables: [
        crossTab(
          {
            id: 'high-by-authority',
            title: 'High-risk children by authority and type',
            subject: 'child',
            rowHeader: 'Authority',
            rows: authorities,
            columns: typeCols,
            chart: true,
          },
          high,
          (r) => r.child_id,
          (r) => r.district_id ?? '',
          (r) => cseCce(r.risk_type ?? r.primary_risk),
        ),
      ],
    },
    {
      id: 'locations',
      title: 'Locations',
      rule: 'Locations linked to children referred in the period, or where their events or missing episodes of the period happened. (The source marks this part of the data set as under development.)',
      tables: [locationTable('locations', 'Locations featuring in referrals', locations)],
    },
    {
      id: 'education',
      title: 'Education establishments',
      rule: 'The education setting recorded on the children referred in the period or open at its end, most children first.',
      tables: [
        countTable(
          {
            id: 'education',
            title: 'Education establishments featuring in referrals and cases',
            subject: 'child',
            rowHeader: 'Establishment',
            rows: keysByFrequency(
              education,
              (e) => e.setting!.trim(),
              (k) => k,
              (e) => e.child_id,
              25,
            ),
            column: 'Children',
            totalRow: false,
          },
          education,
          (e) => e.child_id,
          (e) => e.setting!.trim(),
        ),
      ],
    },
    {
      id: 'repeat',
      title: `Children with ${REPEAT_REFERRALS} or more DRMM referrals`,
      rule: `Children referred in the period who have had ${REPEAT_REFERRALS} or more DRMM referrals up to its end.`,
      tables: [
        countTable(
          {
            id: 'repeat',
            title: `Children with ${REPEAT_REFERRALS} or more referrals by authority`,
            subject: 'child',
            rowHeader: 'Authority',
            rows: authorities,
            column: 'Children',
          },
          [...repeat.values()],
          (c) => c.child_id,
          (c) => c.district_id ?? '',
        ),
        list(
          { id: 'repeat-list', title: 'Children with repeat referrals', subject: 'child', columns: ['Reference', 'Authority', 'Referrals to date'] },
          [...repeat.values()].map((c) => ({
            id: c.child_id,
            cells: [c.reference, p.districts.find((d) => d.id === c.district_id)?.name ?? '', String(c.total_to_date)],
          })),
        ),
      ],
    },
  );
  return sections;
}

// ---------------------------------------------------------------------------------------------
// Rotherham (DOMAIN §4)
// ---------------------------------------------------------------------------------------------
async function rotherham(q: Queryable, p: PartnershipConfig, o: BuildOptions): Promise<Section[]> {
  const asOf = o.period.to;
  const intervals = { high: intervalSql(p.reviewIntervals.high), medium: intervalSql(p.reviewIntervals.medium), low: intervalSql(p.reviewIntervals.low) };
  const [bandGroups, reviews, meetings, ceOutcomes] = await inTurn(
    () => f.riskGroups(q, p.id, asOf, 'vat'),
    () => f.reviewsBy(q, p.id, asOf, 'vat', o.period.to, intervals),
    () => f.assessedAfterMeeting(q, p.id, o.period),
    () => f.ceOutcomes(q, p.id, o.period),
  );
  const asked = p.riskTypeLevels.map((l) => levelName(l).toLowerCase());
  const bands = levelKeys.slice(0, 3);
  const states = reviews.map((v) => ({ ...v, state: reviewState(v.next_review, o.period, o.today) })).filter((v) => v.state === 'due' || v.state === 'overdue');
  return [
    {
      id: 'bands',
      title: 'Children by VAT band and exploitation type',
      rule: `Each child’s latest Vulnerability Assessment Tool on ${formatDate(asOf)}: its band (the judged level) and type (the VAT’s type, else the child’s primary risk).`,
      tables: [
        groupTable(
          { id: 'bands', title: 'Children by VAT band and type', subject: 'child', rowHeader: 'VAT band', rows: bands, columns: typeKeys, chart: true },
          bandGroups,
        ),
      ],
    },
    {
      id: 'reviews',
      title: 'Reviews due and overdue',
      rule: `The next MACE review follows the band (high ${p.reviewIntervals.high.value} ${p.reviewIntervals.high.unit}, medium ${p.reviewIntervals.medium.value} ${p.reviewIntervals.medium.unit}, low ${p.reviewIntervals.low.value} ${p.reviewIntervals.low.unit} after the VAT). Due: the review date falls in the period. Overdue: it passed before the end of the period (or today) with no newer VAT.`,
      tables: [
        crossTab(
          {
            id: 'reviews',
            title: 'Reviews due and overdue by band',
            subject: 'child',
            rowHeader: 'VAT band',
            rows: bands,
            columns: [
              { key: 'due', label: 'Due in the period' },
              { key: 'overdue', label: 'Overdue' },
            ],
            chart: true,
          },
          states,
          (v) => v.child_id,
          (v) => v.level,
          (v) => v.state,
        ),
        list(
          { id: 'reviews-list', title: 'Reviews due or overdue', subject: 'child', columns: ['Reference', 'Band', 'VAT completed', 'Review due', 'State'] },
          states.map((s) => ({
            id: s.child_id,
            cells: [s.reference, levelName(s.level), formatDate(s.on_date), formatDate(s.next_review), s.state === 'due' ? 'Due' : 'Overdue'],
          })),
        ),
      ],
    },
    {
      id: 'timeliness',
      title: 'Assessments completed within 3 working days',
      rule: 'Children discussed at MACE in the period: whether the Evolve social worker’s CE risk assessment was recorded as completed within 3 working days of the meeting (working days skip weekends and England and Wales bank holidays).',
      tables: [
        countTable(
          {
            id: 'timeliness',
            title: 'CE risk assessments after MACE',
            subject: 'child',
            rowHeader: 'CE risk assessment',
            rows: [
              { key: 'in-time', label: 'Within 3 working days' },
              { key: 'late', label: 'Later than 3 working days' },
              { key: 'none', label: 'None yet' },
            ],
            column: 'Children',
            chart: true,
          },
          meetings,
          (m) => m.child_id,
          (m) => (!m.assessed_on ? 'none' : withinWorkingDays(m.meeting_on, m.assessed_on, 3, o.calendar) ? 'in-time' : 'late'),
        ),
      ],
    },
    {
      id: 'ce-outcomes',
      title: 'CE risk assessments by outcome and type of exploitation',
      rule: `Each child’s latest CE risk assessment completed in the period: its outcome and${asked.length ? ` (when ${asked.join(' or ')})` : ''} the type of exploitation discussed (source 002 §4.7: “If outcome is Medium or High for exploitation, there will be a discussion around the type of exploitation”). Assessments recorded before the outcome was asked are counted as not recorded.`,
      tables: [
        crossTab(
          {
            id: 'ce-outcomes',
            title: 'CE risk assessments by outcome and type',
            subject: 'child',
            rowHeader: 'Outcome',
            rows: [...bands, { key: 'none', label: 'Outcome not recorded' }],
            columns: [...typeKeys.filter((k) => k.key !== 'Other'), { key: 'none', label: 'No type recorded' }],
            chart: true,
          },
          ceOutcomes,
          (r) => r.child_id,
          (r) => r.outcome ?? 'none',
          (r) => (r.risk_type && typeKeys.some((k) => k.key === r.risk_type) ? r.risk_type : 'none'),
        ),
      ],
    },
  ];
}
