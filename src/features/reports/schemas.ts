import type { PartnershipConfig } from '../../partnerships/index.ts';
import { str, readDateInput, isRealDate, formFields, formText } from '../../platform/validation.ts';
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

/** Reads a report's query: GOV.UK date inputs (from-day…) from the form, or ISO from/to from a link; the district and the mode. */
export function readReportQuery(query: Record<string, unknown>, p: PartnershipConfig, kind: ReportKind, today: string, opening?: Period): ReportQuery {
  const hasParts = (n: string) => ['day', 'month', 'year'].some((x) => str(query[`${n}-${x}`]) !== '');
  const submitted = hasParts('from') || hasParts('to') || str(query.from) !== '' || str(query.to) !== '';
  const def = opening ?? defaultPeriod(kind, p, today);
  const mode = str(query.mode) === 'suppress' ? 'suppress' : 'all';
  const district = str(query.district).trim();
  const errors: FieldError[] = [];
  const read = (n: 'from' | 'to', label: string) => {
    if (hasParts(n)) {
      const r = readDateInput(query, n, label);
      if (r.error) errors.push({ field: n, message: r.error });
      return { value: r.value, parts: r.parts };
    }
    const iso = str(query[n]);
    if (iso && !isRealDate(iso)) errors.push({ field: n, message: `${label} must be a real date` });
    return {
      value: iso && isRealDate(iso) ? iso : undefined,
      parts: iso && isRealDate(iso) ? partsOf(iso) : submitted ? { day: '', month: '', year: '' } : partsOf(n === 'from' ? def.from : def.to),
    };
  };
  const from = read('from', 'The date the period starts');
  const to = read('to', 'The date the period ends');
  const values = { from: from.parts, to: to.parts, district, mode } as ReportQuery['values'];
  if (!submitted) return { submitted, errors: [], values };
  if (!errors.length) errors.push(...validatePeriod({ from: from.value, to: to.value }, p.reporting.maxPeriodDays));
  // A district of another partnership (or none at all) is refused by name of this partnership's districts.
  if (district && (!hasDistrictFilter(kind) || !p.districts.some((d) => d.id === district))) {
    errors.push({
      field: 'district',
      message: hasDistrictFilter(kind)
        ? `Choose one of ${p.shortName}’s districts, or all districts`
        : 'This report covers the whole partnership: it has no district filter',
    });
  }
  if (errors.length) return { submitted, errors, values };
  return {
    submitted,
    errors,
    values,
    input: { kind, period: { from: from.value!, to: to.value! }, districtId: district || null, suppress: mode === 'suppress' },
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
