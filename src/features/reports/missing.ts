/**
 * Issue 15 item 16 (003: "The MACE panels will receive aggregated information about children who go missing from home or
 * care in a given area"; DOMAIN §6): the figures for a district (or the county) and a period, as a section of tables. Used by
 * the bi-monthly report and by the district panel's agenda page (features/agenda), which calls areaMissingSection in its own
 * transaction: counts only, no child named or linked.
 */
import type { Queryable } from '../../db/client.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { missingFigures, type MissingFigures } from '../../domain/reports/missing.ts';
import type { Period } from '../../domain/reports/period.ts';
import { formatDate } from '../../platform/dates.ts';
import { areaMissing } from './figures.ts';
import { groupTable, type Section } from './model.ts';

/** The figures of a district's (null: every district's) missing episodes that started in the period. */
export async function areaMissingFigures(q: Queryable, partnershipId: string, period: Period, districtId: string | null): Promise<MissingFigures> {
  const rows = await areaMissing(q, partnershipId, period, districtId);
  return missingFigures(
    rows.map((r) => ({
      childId: r.child_id,
      districtId: r.district_id,
      wentMissingOn: r.went_missing_on,
      returnedOn: r.returned_on,
      exploitationConcern: r.exploitation_concern,
      number: r.number,
    })),
    period,
    districtId,
  );
}

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;
const one = (key: string, n: number) => ({ row_key: key, col_key: '*', n, ids: null });

/**
 * The section of tables: the area's figures, by month, and by district when the whole county is asked for. `today`: a period
 * that has not ended yet (a panel's days up to its next meeting) counts children not back yet, and says so.
 */
export function missingSection(m: MissingFigures, p: PartnershipConfig, period: Period, districtId: string | null, today: string): Section {
  const district = districtId ? p.districts.find((d) => d.id === districtId)?.name : undefined;
  const summaryRows = [
    { key: 'episodes', label: 'Missing episodes', n: m.episodes },
    { key: 'children', label: 'Children who went missing', n: m.children },
    { key: 'repeat', label: 'Children missing more than once', n: m.repeatChildren },
    { key: 'three', label: 'Children missing 3 or more times', n: m.threeOrMoreChildren },
    {
      key: 'not-returned',
      label: period.to >= today ? `Children not back yet (${formatDate(today)})` : `Children not back by ${formatDate(period.to)}`,
      n: m.notReturnedChildren,
    },
    { key: 'concern', label: 'Episodes recorded with an exploitation concern', n: m.withConcern },
    ...m.interventionMeetings.map((i) => ({
      key: `mim-${i.at}`,
      label: `Missing Intervention Meetings due (a child’s ${ordinal(i.at)} episode)`,
      n: i.episodes,
    })),
  ];
  const tables = [
    groupTable(
      {
        id: 'missing-summary',
        title: `Children missing from home or care${district ? ` in ${district}` : ''}`,
        subject: 'other',
        rowHeader: 'Figure',
        rows: summaryRows.map((r) => ({ key: r.key, label: r.label })),
        columns: [{ key: '*', label: 'Number' }],
        totalRow: false,
      },
      summaryRows.map((r) => one(r.key, r.n)),
    ),
    groupTable(
      {
        id: 'missing-month',
        title: 'Missing episodes by month',
        subject: 'other',
        rowHeader: 'Month',
        rows: m.byMonth.map((b) => ({ key: b.month, label: formatDate(`${b.month}-01`).replace(/^1 /, '') })),
        columns: [
          { key: 'episodes', label: 'Episodes' },
          { key: 'children', label: 'Children' },
        ],
        totalRow: false,
        totalColumn: false,
      },
      m.byMonth.flatMap((b) => [
        { row_key: b.month, col_key: 'episodes', n: b.episodes, ids: null },
        { row_key: b.month, col_key: 'children', n: b.children, ids: null },
      ]),
    ),
  ];
  if (!districtId) {
    const keys = [...p.districts.map((d) => ({ key: d.id, label: d.name })), { key: '', label: 'No district recorded' }];
    tables.push(
      groupTable(
        {
          id: 'missing-district',
          title: 'Children missing by district',
          subject: 'other',
          rowHeader: 'District',
          rows: keys,
          columns: [
            { key: 'episodes', label: 'Episodes' },
            { key: 'children', label: 'Children' },
            { key: 'three', label: 'Children missing 3 or more times' },
          ],
          totalColumn: false,
        },
        [...m.byDistrict.entries()].flatMap(([d, c]) => [
          { row_key: d ?? '', col_key: 'episodes', n: c.episodes, ids: null },
          { row_key: d ?? '', col_key: 'children', n: c.children, ids: null },
          { row_key: d ?? '', col_key: 'three', n: c.threeOrMoreChildren, ids: null },
        ]),
      ),
    );
  }
  return {
    id: 'missing',
    title: 'Children missing from home or care',
    rule: `Missing episodes that started from ${formatDate(period.from)} to ${formatDate(period.to)} (both days included), of children ${
      district ? `whose district is ${district}` : 'of every district'
    } as recorded now; each child counted once however many times they went missing. A Missing Intervention Meeting is due at a child’s 3rd, 5th and 9th recorded episode (the Missing Policy), counted here when that episode started in the period. Counts only: no child is named.`,
    tables,
  };
}
