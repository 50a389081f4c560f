import type { PartnershipConfig } from '../../partnerships/index.ts';
import { z } from 'zod';
import { str, readDateInput, isRealDate, formFields, formText, formTrimmed, dateInput, objectOf, readBody } from '../../platform/validation.ts';
import type { FieldError } from '../../platform/problems.ts';
import { validatePeriod, lastTwoMonths, lastCalendarMonth, formPeriod, nextFortnightly, type Period } from '../../domain/reports/period.ts';
import { hasDistrictFilter, formMeetingType } from './builders.ts';
import type { ReportKind } from './model.ts';
import type { ReportInput } from './service.ts';

type Parts = { day: string; month: string; year: string };
const partsOf = (iso: string): Parts => ({ day: String(+iso.slice(8, 10)), month: String(+iso.slice(5, 7)), year: iso.slice(0, 4) });

// DOMAIN §5, §6: the natural period of each report (last two months; the fortnight up to the Monday before the next FORM; last calendar month)
export function defaultPeriod(kind: ReportKind, p: PartnershipConfig, today: string): Period {
  if (kind === 'bi-monthly') return lastTwoMonths(today);
  if (kind === 'form') return formPeriod(nextFortnightly(formMeetingType(p)?.firstDate ?? today, today));
  return lastCalendarMonth(today);
}

type ReportQuery = {
  submitted: boolean;
  input?: ReportInput;
  errors: FieldError[];
  values: { from: Parts; to: Parts; district: string; mode: 'all' | 'suppress' };
};

/** A period's end from a link (ISO) or the form (GOV.UK date input), as readDateInput gives it: the parts to show back. */
function periodEnd(query: Record<string, unknown>, n: 'from' | 'to', label: string): ReturnType<typeof readDateInput> {
  if (hasParts(query, n)) return readDateInput(query, n, label);
  const iso = str(query[n]);
  if (!iso) return { parts: { day: '', month: '', year: '' } };
  if (!isRealDate(iso)) return { error: `${label} must be a real date`, parts: { day: '', month: '', year: '' } };
  return { value: iso, parts: partsOf(iso) };
}
const hasParts = (query: Record<string, unknown>, n: string) => ['day', 'month', 'year'].some((x) => str(query[`${n}-${x}`]) !== '');
const endLabels = { from: 'The date the period starts', to: 'The date the period ends' } as const;

/**
 * A report's query (DOMAIN §5, §6): the period's dates (GOV.UK date inputs from the form, or ISO from a link), within the
 * partnership's longest period; the district, one of the partnership's own, only for a report by district; the mode.
 */
export const reportQuerySchema = (p: PartnershipConfig, kind: ReportKind) =>
  z.preprocess(
    (v) => {
      const o = objectOf(v);
      return { ...o, from: periodEnd(o, 'from', endLabels.from), to: periodEnd(o, 'to', endLabels.to) };
    },
    z
      .object({
        from: dateInput,
        to: dateInput,
        district: formTrimmed.refine(
          (d) => !d || (hasDistrictFilter(kind) && p.districts.some((x) => x.id === d)),
          hasDistrictFilter(kind)
            ? `Choose one of ${p.shortName}’s districts, or all districts`
            : 'This report covers the whole partnership: it has no district filter',
        ),
        mode: formText.transform((m): 'all' | 'suppress' => (m === 'suppress' ? 'suppress' : 'all')),
      })
      .superRefine(
        (q, ctx) => {
          for (const e of validatePeriod({ from: q.from || undefined, to: q.to || undefined }, p.reporting.maxPeriodDays))
            ctx.addIssue({ code: 'custom', path: [e.field], message: e.message });
          // after the dates' own checks only, but whatever the district
        },
        { when: (payload) => payload.issues.every((i) => i.path?.[0] === 'district') },
      ),
  );

/** Reads a report's query through reportQuerySchema; before anything is asked, the form shows the opening period. */
export function readReportQuery(query: Record<string, unknown>, p: PartnershipConfig, kind: ReportKind, today: string, opening?: Period): ReportQuery {
  const submitted = hasParts(query, 'from') || hasParts(query, 'to') || str(query.from) !== '' || str(query.to) !== '';
  const mode = str(query.mode) === 'suppress' ? 'suppress' : 'all';
  const district = str(query.district).trim();
  if (!submitted) {
    const def = opening ?? defaultPeriod(kind, p, today);
    return { submitted, errors: [], values: { from: partsOf(def.from), to: partsOf(def.to), district, mode } };
  }
  const values = {
    from: periodEnd(query, 'from', endLabels.from).parts,
    to: periodEnd(query, 'to', endLabels.to).parts,
    district,
    mode,
  } as ReportQuery['values'];
  const r = readBody(reportQuerySchema(p, kind), query, { order: ['from', 'to', 'district'] });
  if (!r.ok) return { submitted, errors: r.errors, values };
  const i = r.data;
  return {
    submitted,
    errors: [],
    values,
    input: { kind, period: { from: i.from, to: i.to }, districtId: i.district || null, suppress: i.mode === 'suppress' },
  };
}

/** The canonical query of a report (links, trace, export). */
export function queryOf(i: ReportInput): Record<string, string> {
  return { from: i.period.from, to: i.period.to, district: i.districtId ?? '', mode: i.suppress ? 'suppress' : 'all' };
}

export const exportReasons = [
  { value: 'meeting', text: 'For a panel or meeting of the partnership' },
  { value: 'board', text: 'For the partnership’s board or a strategic group' },
  { value: 'agency-records', text: 'For my agency’s own records' },
  { value: 'audit', text: 'For an audit or practice review' },
  { value: 'other', text: 'Another reason' },
] as const;

/** The export's reason as typed, to show back. */
export const reasonValues = (b: Record<string, unknown>) => ({ reason: str(b.reason), reasonOther: str(b.reasonOther).trim() });

/** DOMAIN §7 (issue #7): every export says why; "another reason" needs the reason in words. Read as the words the audit keeps. */
export const reasonForm = formFields({
  reason: formText.refine((v) => exportReasons.some((r) => r.value === v), 'Select why you are exporting this'),
  reasonOther: formText.transform((v) => v.trim()),
})
  .superRefine((v, ctx) => {
    if (v.reason !== 'other') return;
    if (!v.reasonOther) ctx.addIssue({ code: 'custom', path: ['reasonOther'], message: 'Enter why you are exporting this' });
    else if (v.reasonOther.length > 500) ctx.addIssue({ code: 'custom', path: ['reasonOther'], message: 'The reason must be 500 characters or fewer' });
  })
  .transform((v) => (v.reason === 'other' ? `Other: ${v.reasonOther}` : exportReasons.find((r) => r.value === v.reason)!.text));

const formats = ['csv', 'xlsx', 'pdf'] as const;
export type Format = (typeof formats)[number];
export const isFormat = (f: string): f is Format => (formats as readonly string[]).includes(f);

/** Issue 15 item 21 (003): the good practice and gaps the coordinator writes for a report's period. */
export const COMMENTARY_MAX = 10000;
export const commentaryForm = formFields({
  goodPractice: formText
    .transform((v) => v.trim())
    .refine((v) => v.length <= COMMENTARY_MAX, `Good practice must be ${COMMENTARY_MAX.toLocaleString('en-GB')} characters or fewer`),
  gaps: formText
    .transform((v) => v.trim())
    .refine((v) => v.length <= COMMENTARY_MAX, `Gaps in service or training must be ${COMMENTARY_MAX.toLocaleString('en-GB')} characters or fewer`),
});
/** The form as typed, to show back. */
export const commentaryValues = (b: Record<string, unknown>) => ({ goodPractice: str(b.goodPractice), gaps: str(b.gaps) });
