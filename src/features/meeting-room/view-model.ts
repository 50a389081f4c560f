import type { PartnershipConfig, MeetingTypeConfig } from '../../partnerships/index.ts';
import { datePartsOf, type FormErrors } from '../../platform/validation.ts';
import { can } from '../../platform/roles.ts';
import { formatDate, todayIso } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import { meetingTypeOf } from '../../partnerships/index.ts';
import { toolkit, kindNames, actionKinds } from '../../domain/actions/toolkit.ts';
import { statusNames } from '../../domain/actions/rules.ts';
import { describeBytes } from '../../domain/meeting/audio.ts';
import { minutesDueOn, minutesScope } from '../../domain/meeting/minutes.ts';
import { RISK_LEVELS_HIGHEST_FIRST, riskLevelNames, instrumentNames } from '../../domain/risk/levels.ts';
import { sameReviewDates } from '../../domain/meeting/review.ts';
import { markdownHtml } from '../../platform/markdown.ts';
import { presentWithoutAgreement } from '../../domain/meeting/access.ts';
import { itemHeading, type AttendeeInput, type DecisionInput, type meetingRoomService } from './service.ts';
import type { ItemRow, MinutesRow } from './repository.ts';

type Service = ReturnType<typeof meetingRoomService>;
/** What a service method answers when the meeting may be used. */
type Ok<K extends keyof Service> = Service[K] extends (...a: never[]) => Promise<infer R> ? Extract<R, { ok: true }> : never;
/** Who is looking: what they may do decides what the page offers (the routes still check). */
type Viewer = { roles: readonly string[]; agencyId: string };
type DateParts = { day: string; month: string; year: string };

const levelNames: Readonly<Record<string, string>> = riskLevelNames;
export const statusWords: Record<string, string> = { planned: 'Not started', 'in-discussion': 'In discussion', discussed: 'Discussed', deferred: 'Deferred' };
const roleItems = [
  { value: 'member', text: 'Member' },
  { value: 'deputy', text: 'Deputy for a member' },
  { value: 'guest', text: 'Guest' },
  { value: 'minute-taker', text: 'Minute taker' },
  { value: 'chair', text: 'Chair' },
];
/** "Robin Guestley and Kim Member": those on the attendance who have not accepted this meeting's agreement (issue 15, item 4). */
function withoutAgreement(attendance: readonly { name: string; agreement_accepted_at: Date | null; agreement_version: string | null }[]) {
  const names = presentWithoutAgreement(attendance.map((a) => ({ ...a, acceptedAt: a.agreement_accepted_at, agreementVersion: a.agreement_version }))).map(
    (a) => a.name,
  );
  return { count: names.length, names: names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` };
}
const agencyNames = (p: PartnershipConfig) => Object.fromEntries(p.agencies.map((a) => [a.id, a.name]));
/** The assessment tool of the meeting's instrument, when the item is about one child. */
const toolLink = (instrument: string, children: ItemRow['children']) =>
  children.length === 1
    ? instrument === 'vat'
      ? paths.vat.start(children[0]!.id)
      : instrument === 'thrive'
        ? paths.llr.thrive(children[0]!.id)
        : paths.rfm.start(children[0]!.id)
    : undefined;

/** The meeting page (room.njk): the running order with each item's start time, the minutes' due date. */
export function roomPage(r: Ok<'room'>, p: PartnershipConfig, viewer: Viewer, o: { errors?: FormErrors; notice: string }) {
  const startsAt = new Date(r.meeting.starts_at).getTime();
  let offset = 0;
  const items = r.items.map((i) => {
    const at = new Date(startsAt + offset * 60_000);
    offset += i.slot_minutes;
    return { ...i, heading: itemHeading(i), startsAt: at };
  });
  const dueOn = minutesDueOn(meetingTypeOf(p, r.meeting.type_id), todayIso(new Date(r.meeting.starts_at)));
  return {
    meeting: r.meeting,
    dayHasCome: r.dayHasCome,
    attendance: r.attendance,
    withoutAgreement: withoutAgreement(r.attendance),
    mine: r.mine,
    accepted: r.accepted,
    showItems: r.showItems,
    items,
    carried: r.carried,
    minutes: r.minutes,
    mayJoin: r.mayJoin,
    agreement: p.confidentialityAgreement,
    canManage: can(viewer.roles, 'meeting:manage'),
    agencyNames: agencyNames(p),
    statusWords,
    levelNames,
    minutesDue: dueOn,
    minutesDueToday: !!dueOn && r.minutes?.status !== 'sent',
    errors: o.errors,
    notice: o.notice,
  };
}

/** The attendance form (attendance.njk): those not yet attending, as members, named deputies or other users. */
export function attendancePage(r: Ok<'room'>, p: PartnershipConfig, o: { values?: AttendeeInput; errors?: FormErrors }) {
  const an = agencyNames(p);
  const v = o.values ?? { who: '', role: 'member', name: '', agencyId: '', email: '', deputyFor: '' };
  const present = new Set(r.attendance.map((a) => a.user_id).filter(Boolean));
  const memberIds = new Set(r.members.map((m) => m.user_id).filter(Boolean));
  return {
    meeting: r.meeting,
    values: v,
    errors: o.errors,
    members: r.members
      .filter((m) => !m.user_id || !present.has(m.user_id))
      .map((m) => ({ value: `member:${m.id}`, text: `${m.name} (${an[m.agency_id ?? ''] ?? 'agency not recorded'})`, selected: v.who === `member:${m.id}` })),
    deputies: r.deputies
      .filter((d) => !r.attendance.some((a) => !a.user_id && a.name === d.deputy_name))
      .map((d) => ({ value: `deputy:${d.id}`, text: `${d.deputy_name} (deputy for ${d.member_name})`, selected: v.who === `deputy:${d.id}` })),
    others: r.users
      .filter((u) => !present.has(u.id) && !memberIds.has(u.id))
      .map((u) => ({ value: `user:${u.id}`, text: `${u.display_name} (${an[u.agency_id] ?? u.agency_id})`, selected: v.who === `user:${u.id}` })),
    roleItems: roleItems.map((x) => ({ ...x, checked: v.role === x.value })),
    agencyItems: [{ value: '', text: 'Choose an agency' }, ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === v.agencyId }))],
    deputyItems: [{ value: '', text: 'Not recorded' }, ...r.members.map((m) => ({ value: m.id, text: m.name, selected: m.id === v.deputyFor }))],
  };
}

export type ItemState = { errors?: FormErrors; status?: number; values?: Record<string, string>; notice?: string; conflict?: ItemRow };

/** One item (item.njk): what was shared, decided and agreed, with the forms the viewer may use. */
export function itemPage(
  r: Ok<'item'>,
  p: PartnershipConfig,
  viewer: Viewer,
  id: string,
  itemId: string,
  o: { values?: Record<string, string>; errors?: FormErrors; notice: string },
) {
  return {
    ...r,
    heading: itemHeading(r.item),
    agencyNames: agencyNames(p),
    agencyItems: [
      { value: '', text: 'Choose an agency' },
      ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === (o.values?.agencyId ?? viewer.agencyId) })),
    ],
    values: o.values ?? {},
    errors: o.errors,
    notice: o.notice,
    canManage: can(viewer.roles, 'meeting:manage'),
    canReadIntel: can(viewer.roles, 'intel:read'),
    recording: !r.meeting.closed_at && p.recordings.enabled && r.item.children.length > 0,
    recordingsEnabled: p.recordings.enabled,
    maxSize: describeBytes(p.recordings.maxBytes),
    uploadAction: paths.meetingRoom.recordings(id, itemId),
    instrumentName: instrumentNames[r.basis.instrument],
    levelNames,
    statusWords,
    statusNames,
    childItems: [
      { value: '', text: 'Choose a child' },
      ...r.item.children.map((c) => ({ value: c.id, text: `${c.first_name} ${c.last_name} (${c.reference})`, selected: c.id === o.values?.childId })),
    ],
    toolLink: toolLink(r.basis.instrument, r.item.children),
    isOpen: !!r.meeting.opened_at && !r.meeting.closed_at,
    withoutAgreement: withoutAgreement(r.attendance),
  };
}

export type DecisionValues = DecisionInput & { nextParts?: DateParts };

const andList = (xs: string[]) => (xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/**
 * The levels' radios, each with its next review date and the rule that gives it; where two levels share a date, why
 * (issue 15, item 8: Staffordshire's High and Medium both go to the district's next panel).
 */
function levelItems(byLevel: Ok<'item'>['basis']['byLevel'], intervals: PartnershipConfig['reviewIntervals'], chosen: string) {
  const same = sameReviewDates(byLevel, intervals);
  return RISK_LEVELS_HIGHEST_FIRST.map((l) => {
    const on = byLevel[l];
    const interval =
      l === 'none'
        ? ''
        : `${intervals[l].value} ${intervals[l].unit === 'weeks' ? (intervals[l].value === 1 ? 'week' : 'weeks') : intervals[l].value === 1 ? 'month' : 'months'}`;
    let text = 'No review';
    if (on?.date) {
      text = `Next review ${formatDate(on.date)}: ${on.basis === 'panel' ? `the district’s first panel at least ${interval} after this meeting` : `${interval} after this meeting`}.`;
      const s = same[l];
      if (s)
        text += ` The same date as ${andList(s.sameAs.map((x) => levelNames[x]!))}, because ${
          s.why === 'same-panel'
            ? 'both are reviewed at the district’s next panel after the interval'
            : s.why === 'same-interval'
              ? `the partnership reviews both after ${interval}`
              : 'their intervals end on the same day'
        }.`;
    }
    return { value: l, text: levelNames[l], checked: chosen === l, hint: { text } };
  });
}

/** The risk decision form (decision.njk): the item's decision so far, or the latest assessment's level. */
export function decisionPage(
  r: Ok<'item'>,
  p: Pick<PartnershipConfig, 'reviewIntervals'>,
  o: { values?: DecisionValues; errors?: FormErrors; conflict?: { current: ItemRow } },
) {
  const i = r.item;
  const latest = r.basis.assessments[0];
  // GOV.UK: radios are never pre-selected. The level saved before is the chair's own answer; the latest assessment's is said beside them.
  const v = o.values ?? {
    level: i.risk_level ?? '',
    assessmentId: i.risk_assessment_id ?? latest?.id ?? '',
    adjustment: i.risk_adjustment === null ? '' : String(i.risk_adjustment),
    rationale: i.rationale ?? '',
    decisions: i.decisions ?? '',
    nextReview: i.next_review_reason ? (i.next_review_on ?? '') : '',
    nextReviewReason: i.next_review_reason ?? '',
  };
  const nextParts = o.values?.nextParts ?? datePartsOf(v.nextReview);
  return {
    ...r,
    heading: itemHeading(i),
    values: v,
    nextParts,
    errors: o.errors,
    conflict: o.conflict,
    version: o.conflict ? o.conflict.current.version : i.version,
    instrument: r.basis.instrument,
    instrumentName: instrumentNames[r.basis.instrument],
    latestLevel:
      latest && !i.risk_level
        ? `The latest ${instrumentNames[r.basis.instrument]}, ${formatDate(latest.completed_on)}, judged the risk ${(levelNames[latest.judged_level ?? ''] ?? 'not yet').toLowerCase()}.`
        : '',
    levelItems: levelItems(r.basis.byLevel, p.reviewIntervals, v.level),
    assessmentItems: [
      { value: '', text: 'Not based on a submitted assessment' },
      ...r.basis.assessments.map((a) => ({
        value: a.id,
        text: `${formatDate(a.completed_on)}: ${levelNames[a.judged_level ?? ''] ?? 'no level'}${a.scored_level && a.scored_level !== a.judged_level ? ` (scored ${levelNames[a.scored_level] ?? a.scored_level})` : ''}${i.children.length > 1 ? ` – ${i.children.find((c) => c.id === a.child_id)?.first_name ?? ''}` : ''}`,
        selected: a.id === v.assessmentId,
      })),
    ],
    toolLink: toolLink(r.basis.instrument, i.children),
    levelNames,
  };
}

/** A SMART action agreed under the item (action.njk): the toolkit, owners (people or teams), the children. */
export function actionPage(
  r: Ok<'item'>,
  p: PartnershipConfig,
  owners: { id: string; display_name: string; agency_id: string }[],
  o: { values?: Record<string, string>; dueParts?: DateParts; errors?: FormErrors },
) {
  const an = agencyNames(p);
  const values = o.values ?? { ownerType: 'person', agreedBy: r.meeting.series_name };
  return {
    ...r,
    heading: itemHeading(r.item),
    values,
    dueParts: o.dueParts ?? { day: '', month: '', year: '' },
    errors: o.errors,
    toolkit,
    kindNames,
    kindItems: actionKinds.map((k) => ({ value: k, text: kindNames[k], checked: values.kind === k })),
    ownerTypeItems: [
      { value: 'person', text: 'A person in the partnership', checked: values.ownerType === 'person' },
      { value: 'team', text: 'A team', checked: values.ownerType === 'team' },
    ],
    ownerItems: [
      { value: '', text: 'Choose a person' },
      ...owners.map((u) => ({ value: u.id, text: `${u.display_name} (${an[u.agency_id] ?? u.agency_id})`, selected: u.id === values.ownerUserId })),
    ],
    agencyItems: [{ value: '', text: 'Choose an agency' }, ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === values.ownerAgencyId }))],
    childItems: [
      { value: '', text: 'The whole group' },
      ...r.item.children.map((c) => ({ value: c.id, text: `${c.first_name} ${c.last_name} (${c.reference})`, selected: c.id === values.childId })),
    ],
    meetingDay: formatDate(todayIso(new Date(r.meeting.starts_at))),
  };
}

/** The minutes (minutes.njk): the draft or the version another saved first, how many will be sent them. */
export function minutesPage(
  r: Ok<'minutes'>,
  meetingType: MeetingTypeConfig | undefined,
  viewer: Viewer,
  o: { body?: string; errors?: FormErrors; conflict?: { current: MinutesRow; submitted: string }; notice: string },
) {
  return {
    meeting: r.meeting,
    minutes: o.conflict?.current ?? r.minutes,
    body: o.body ?? r.minutes.body,
    minutesHtml: markdownHtml((o.conflict?.current ?? r.minutes).body),
    errors: o.errors,
    conflict: o.conflict,
    notice: o.notice,
    canManage: can(viewer.roles, 'meeting:manage'),
    actionsOnly: minutesScope(meetingType) === 'actions-only',
    minutesDue: minutesDueOn(meetingType, todayIso(new Date(r.meeting.starts_at))),
    recipients: r.attendance.filter((a) => a.agreement_accepted_at && (a.user_email ?? a.email)).length,
    withoutAgreement: withoutAgreement(r.attendance),
  };
}
