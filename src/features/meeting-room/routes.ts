import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { str, formErrors, readDateInput, datePartsOf, isUuid, type FormErrors } from '../../platform/validation.ts';
import type { FieldError } from '../../platform/problems.ts';
import { formatDate, todayIso } from '../../platform/dates.ts';
import { paths } from '../../paths.ts';
import { meetingTypeOf, type PartnershipConfig } from '../../partnerships/index.ts';
import { toolkit, kindNames, actionKinds } from '../../domain/actions/toolkit.ts';
import { statusNames } from '../../domain/actions/rules.ts';
import { detectAudio, describeBytes } from '../../domain/meeting/audio.ts';
import { minutesDueOn, minutesScope } from '../../domain/meeting/minutes.ts';
import { readSmartForm } from '../actions/schemas.ts';
import { RISK_LEVELS_HIGHEST_FIRST, riskLevelNames, instrumentNames } from '../../domain/risk/levels.ts';
import { itemHeading, type DecisionInput, type AttendeeInput, type Gate } from './service.ts';
import type { ItemRow, MinutesRow } from './repository.ts';

const levelNames: Readonly<Record<string, string>> = riskLevelNames;
const statusWords: Record<string, string> = { planned: 'Not started', 'in-discussion': 'In discussion', discussed: 'Discussed', deferred: 'Deferred' };
const roleItems = [
  { value: 'member', text: 'Member' },
  { value: 'deputy', text: 'Deputy for a member' },
  { value: 'guest', text: 'Guest' },
  { value: 'minute-taker', text: 'Minute taker' },
  { value: 'chair', text: 'Chair' },
];
const outOfDate: FieldError = { field: 'version', message: 'The form is out of date: reload the page' };

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The minutes' simple mark-up (# headings, - lists) as GOV.UK HTML; everything else escaped, line by line. */
export function minutesHtml(body: string): string {
  const out: string[] = [];
  let list = false;
  const close = () => {
    if (list) out.push('</ul>');
    list = false;
  };
  for (const raw of body.split('\n')) {
    const line = raw.trimEnd();
    const h = /^(#{1,3})\s+(.*)$/.exec(line);
    if (h) {
      close();
      const level = h[1]!.length;
      out.push(`<h${level + 1} class="govuk-heading-${level === 3 ? 's' : 'm'}">${escapeHtml(h[2]!)}</h${level + 1}>`);
    } else if (/^- /.test(line)) {
      if (!list) out.push('<ul class="govuk-list govuk-list--bullet">');
      list = true;
      out.push(`<li>${escapeHtml(line.slice(2))}</li>`);
    } else if (line.trim()) {
      close();
      out.push(`<p class="govuk-body">${escapeHtml(line)}</p>`);
    } else close();
  }
  close();
  return out.join('\n');
}

export function meetingRoomRoutes({ services }: AppDeps): RouteSpec[] {
  const room = services.meetingRoom;
  const agencyNames = (p: PartnershipConfig) => Object.fromEntries(p.agencies.map((a) => [a.id, a.name]));
  const ids = (req: Request) => {
    const id = str(req.params.id);
    const itemId = str(req.params.itemId);
    return { id: isUuid(id) ? id : undefined, itemId: itemId === '' || isUuid(itemId) ? itemId : undefined };
  };

  /** Why a meeting cannot be used now, as a page: never a child's name. */
  const refuse = (res: Response, id: string, reason: Gate | 'cancelled') => {
    if (reason === 'not-found') return notFound(res);
    const messages = {
      'not-accepted': 'Accept the confidentiality agreement for this meeting before you open any case in it.',
      'not-open': 'The chair has not opened this meeting yet.',
      closed: 'This meeting is closed: nothing more can be recorded in it.',
      cancelled: 'This meeting was cancelled.',
    };
    res.status(reason === 'not-accepted' ? 403 : 409).render('meeting-room/views/refused.njk', { id, message: messages[reason], reason });
  };

  // ---- The meeting page ----------------------------------------------------------------------
  const renderRoom = async (req: Request, res: Response, id: string, o: { errors?: FormErrors; status?: number; notice?: string } = {}) => {
    const p = partnershipOf(req);
    const r = await room.room(actorOf(req), id);
    if (!r.ok) return refuse(res, id, r.reason);
    const an = agencyNames(p);
    const startsAt = new Date(r.meeting.starts_at).getTime();
    let offset = 0;
    const items = r.items.map((i) => {
      const at = new Date(startsAt + offset * 60_000);
      offset += i.slot_minutes;
      return { ...i, heading: itemHeading(i), startsAt: at };
    });
    const dueOn = minutesDueOn(meetingTypeOf(p, r.meeting.type_id), todayIso(new Date(r.meeting.starts_at)));
    res.status(o.status ?? 200).render('meeting-room/views/room.njk', {
      meeting: r.meeting,
      attendance: r.attendance,
      mine: r.mine,
      accepted: r.accepted,
      showItems: r.showItems,
      items,
      carried: r.carried,
      minutes: r.minutes,
      mayJoin: r.mayJoin,
      agreement: p.confidentialityAgreement,
      canManage: can(req.user!.roles, 'meeting:manage'),
      agencyNames: an,
      statusWords,
      levelNames,
      minutesDue: dueOn,
      minutesDueToday: !!dueOn && r.minutes?.status !== 'sent',
      errors: o.errors,
      notice: o.notice ?? str(req.query.done),
    });
  };

  // ---- Attendance form -------------------------------------------------------------------------
  const renderAttendance = async (req: Request, res: Response, id: string, o: { values?: AttendeeInput; errors?: FormErrors; status?: number } = {}) => {
    const p = partnershipOf(req);
    const r = await room.room(actorOf(req), id);
    if (!r.ok) return refuse(res, id, r.reason);
    if (!r.meeting.opened_at || r.meeting.closed_at) return refuse(res, id, r.meeting.closed_at ? 'closed' : 'not-open');
    const an = agencyNames(p);
    const v = o.values ?? { who: '', role: 'member', name: '', agencyId: '', email: '', deputyFor: '' };
    const present = new Set(r.attendance.map((a) => a.user_id).filter(Boolean));
    const memberIds = new Set(r.members.map((m) => m.user_id).filter(Boolean));
    res.status(o.status ?? 200).render('meeting-room/views/attendance.njk', {
      meeting: r.meeting,
      values: v,
      errors: o.errors,
      members: r.members.filter((m) => !m.user_id || !present.has(m.user_id)).map((m) => ({ value: `member:${m.id}`, text: `${m.name} (${an[m.agency_id ?? ''] ?? 'agency not recorded'})`, selected: v.who === `member:${m.id}` })),
      deputies: r.deputies.filter((d) => !r.attendance.some((a) => !a.user_id && a.name === d.deputy_name)).map((d) => ({ value: `deputy:${d.id}`, text: `${d.deputy_name} (deputy for ${d.member_name})`, selected: v.who === `deputy:${d.id}` })),
      others: r.users.filter((u) => !present.has(u.id) && !memberIds.has(u.id)).map((u) => ({ value: `user:${u.id}`, text: `${u.display_name} (${an[u.agency_id] ?? u.agency_id})`, selected: v.who === `user:${u.id}` })),
      roleItems: roleItems.map((x) => ({ ...x, checked: v.role === x.value })),
      agencyItems: [{ value: '', text: 'Choose an agency' }, ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === v.agencyId }))],
      deputyItems: [{ value: '', text: 'Not recorded' }, ...r.members.map((m) => ({ value: m.id, text: m.name, selected: m.id === v.deputyFor }))],
    });
  };

  // ---- One item ----------------------------------------------------------------------------------
  type ItemState = { errors?: FormErrors; status?: number; values?: Record<string, string>; notice?: string; conflict?: ItemRow };
  const renderItem = async (req: Request, res: Response, id: string, itemId: string, o: ItemState = {}) => {
    const p = partnershipOf(req);
    const r = await room.item(actorOf(req), p, id, itemId);
    if (!r.ok) return refuse(res, id, r.reason);
    const an = agencyNames(p);
    res.status(o.status ?? 200).render('meeting-room/views/item.njk', {
      ...r,
      heading: itemHeading(r.item),
      agencyNames: an,
      agencyItems: [{ value: '', text: 'Choose an agency' }, ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === (o.values?.agencyId ?? req.user!.agencyId) }))],
      values: o.values ?? {},
      errors: o.errors,
      notice: o.notice ?? str(req.query.done),
      canManage: can(req.user!.roles, 'meeting:manage'),
      canReadIntel: can(req.user!.roles, 'intel:read'),
      recording: !r.meeting.closed_at && p.recordings.enabled && r.item.children.length > 0,
      recordingsEnabled: p.recordings.enabled,
      maxSize: describeBytes(p.recordings.maxBytes),
      uploadAction: paths.meetingRoom.recordings(id, itemId),
      instrumentName: instrumentNames[r.basis.instrument],
      levelNames,
      statusWords,
      statusNames,
      childItems: [{ value: '', text: 'Choose a child' }, ...r.item.children.map((c) => ({ value: c.id, text: `${c.first_name} ${c.last_name} (${c.reference})`, selected: c.id === o.values?.childId }))],
      toolLink: r.item.children.length === 1 ? (r.basis.instrument === 'vat' ? paths.vat.start(r.item.children[0]!.id) : r.basis.instrument === 'thrive' ? paths.llr.thrive(r.item.children[0]!.id) : paths.rfm.start(r.item.children[0]!.id)) : undefined,
      isOpen: !!r.meeting.opened_at && !r.meeting.closed_at,
    });
  };

  const renderDecision = async (req: Request, res: Response, id: string, itemId: string, o: { values?: DecisionInput & { nextParts?: { day: string; month: string; year: string } }; errors?: FormErrors; status?: number; conflict?: { current: ItemRow } } = {}) => {
    const p = partnershipOf(req);
    const r = await room.item(actorOf(req), p, id, itemId);
    if (!r.ok) return refuse(res, id, r.reason);
    if (r.meeting.closed_at || !r.meeting.opened_at) return refuse(res, id, r.meeting.closed_at ? 'closed' : 'not-open');
    const i = r.item;
    const latest = r.basis.assessments[0];
    const v = o.values ?? {
      level: i.risk_level ?? latest?.judged_level ?? '',
      assessmentId: i.risk_assessment_id ?? latest?.id ?? '',
      adjustment: i.risk_adjustment === null ? '' : String(i.risk_adjustment),
      rationale: i.rationale ?? '',
      decisions: i.decisions ?? '',
      nextReview: i.next_review_reason ? i.next_review_on ?? '' : '',
      nextReviewReason: i.next_review_reason ?? '',
    };
    const nextParts = o.values?.nextParts ?? datePartsOf(v.nextReview);
    res.status(o.status ?? 200).render('meeting-room/views/decision.njk', {
      ...r,
      heading: itemHeading(i),
      values: v,
      nextParts,
      errors: o.errors,
      conflict: o.conflict,
      version: o.conflict ? o.conflict.current.version : i.version,
      instrument: r.basis.instrument,
      instrumentName: instrumentNames[r.basis.instrument],
      levelItems: RISK_LEVELS_HIGHEST_FIRST.map((l) => ({
        value: l, text: levelNames[l], checked: v.level === l,
        hint: { text: r.basis.byLevel[l]?.date ? `Next review ${formatDate(r.basis.byLevel[l]!.date)}${r.basis.byLevel[l]!.basis === 'panel' ? ' (the panel on or after the interval)' : ''}` : 'No review' },
      })),
      assessmentItems: [{ value: '', text: 'Not based on a submitted assessment' }, ...r.basis.assessments.map((a) => ({ value: a.id, text: `${formatDate(a.completed_on)}: ${levelNames[a.judged_level ?? ''] ?? 'no level'}${a.scored_level && a.scored_level !== a.judged_level ? ` (scored ${levelNames[a.scored_level] ?? a.scored_level})` : ''}${i.children.length > 1 ? ` – ${i.children.find((c) => c.id === a.child_id)?.first_name ?? ''}` : ''}`, selected: a.id === v.assessmentId }))],
      toolLink: i.children.length === 1 ? (r.basis.instrument === 'vat' ? paths.vat.start(i.children[0]!.id) : r.basis.instrument === 'thrive' ? paths.llr.thrive(i.children[0]!.id) : paths.rfm.start(i.children[0]!.id)) : undefined,
      levelNames,
    });
  };

  const renderAction = async (req: Request, res: Response, id: string, itemId: string, o: { values?: Record<string, string>; dueParts?: { day: string; month: string; year: string }; errors?: FormErrors; status?: number } = {}) => {
    const p = partnershipOf(req);
    const r = await room.item(actorOf(req), p, id, itemId);
    if (!r.ok) return refuse(res, id, r.reason);
    if (r.meeting.closed_at || !r.meeting.opened_at) return refuse(res, id, r.meeting.closed_at ? 'closed' : 'not-open');
    const an = agencyNames(p);
    const owners = await room.activeUsers(p.id);
    const values = o.values ?? { ownerType: 'person', agreedBy: r.meeting.series_name };
    res.status(o.status ?? 200).render('meeting-room/views/action.njk', {
      ...r,
      heading: itemHeading(r.item),
      values,
      dueParts: o.dueParts ?? { day: '', month: '', year: '' },
      errors: o.errors,
      toolkit,
      kindNames,
      kindItems: actionKinds.map((k) => ({ value: k, text: kindNames[k], checked: values.kind === k })),
      ownerTypeItems: [{ value: 'person', text: 'A person in the partnership', checked: values.ownerType === 'person' }, { value: 'team', text: 'A team', checked: values.ownerType === 'team' }],
      ownerItems: [{ value: '', text: 'Choose a person' }, ...owners.map((u) => ({ value: u.id, text: `${u.display_name} (${an[u.agency_id] ?? u.agency_id})`, selected: u.id === values.ownerUserId }))],
      agencyItems: [{ value: '', text: 'Choose an agency' }, ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === values.ownerAgencyId }))],
      childItems: [{ value: '', text: 'The whole group' }, ...r.item.children.map((c) => ({ value: c.id, text: `${c.first_name} ${c.last_name} (${c.reference})`, selected: c.id === values.childId }))],
      meetingDay: formatDate(todayIso(new Date(r.meeting.starts_at))),
    });
  };

  // ---- Minutes -----------------------------------------------------------------------------------
  const renderMinutes = async (req: Request, res: Response, id: string, o: { body?: string; errors?: FormErrors; status?: number; conflict?: { current: MinutesRow; submitted: string }; notice?: string } = {}) => {
    const r = await room.minutes(actorOf(req), id);
    if (!r.ok) return r.reason === 'not-open' ? res.status(404).render('meeting-room/views/refused.njk', { id, message: 'There are no minutes yet: they are written when the chair closes the meeting.' }) : refuse(res, id, r.reason);
    const meetingType = meetingTypeOf(partnershipOf(req), r.meeting.type_id);
    const dueOn = minutesDueOn(meetingType, todayIso(new Date(r.meeting.starts_at)));
    res.status(o.status ?? 200).render('meeting-room/views/minutes.njk', {
      meeting: r.meeting,
      minutes: o.conflict?.current ?? r.minutes,
      body: o.body ?? r.minutes.body,
      minutesHtml: minutesHtml((o.conflict?.current ?? r.minutes).body),
      errors: o.errors,
      conflict: o.conflict,
      notice: o.notice ?? str(req.query.done),
      canManage: can(req.user!.roles, 'meeting:manage'),
      actionsOnly: minutesScope(meetingType) === 'actions-only',
      minutesDue: dueOn,
      recipients: r.attendance.filter((a) => a.agreement_accepted_at && (a.user_email ?? a.email)).length,
    });
  };

  return [
    {
      method: 'get', path: '/meetings/:id/room', access: 'meeting:read', audit: 'meeting.room.view',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        await renderRoom(req, res, id);
      },
    },
    {
      method: 'post', path: '/meetings/:id/room/open', access: 'meeting:manage', audit: 'meeting.open',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const r = await room.open(actorOf(req), id);
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.room(id)}?done=opened`);
      },
    },
    {
      method: 'get', path: '/meetings/:id/room/attendance', access: 'meeting:manage', audit: 'meeting.room.view',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        await renderAttendance(req, res, id);
      },
    },
    {
      method: 'post', path: '/meetings/:id/room/attendance', access: 'meeting:manage', audit: 'meeting.attendance.add',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const b = (req.body ?? {}) as Record<string, unknown>;
        const values: AttendeeInput = { who: str(b.who), role: str(b.role), name: str(b.name), agencyId: str(b.agencyId), email: str(b.email), deputyFor: str(b.deputyFor) };
        const r = await room.addAttendee(actorOf(req), partnershipOf(req), id, values);
        if (!r.ok && r.reason === 'invalid') return renderAttendance(req, res, id, { values, errors: formErrors(r.errors, { role: 'role' }), status: 400 });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.room(id)}?done=attendee#attendance`);
      },
    },
    {
      method: 'post', path: '/meetings/:id/room/accept', access: 'meeting:read', audit: 'meeting.agreement.accept',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const b = (req.body ?? {}) as Record<string, unknown>;
        if (str(b.agree) !== 'yes') return renderRoom(req, res, id, { errors: formErrors([{ field: 'agree', message: 'Confirm that you accept the confidentiality agreement' }]), status: 400 });
        const r = await room.accept(actorOf(req), partnershipOf(req), id);
        if (!r.ok && r.reason === 'may-not-join') return renderRoom(req, res, id, { errors: formErrors([{ field: 'agree', message: 'You are not on the attendance of this meeting: ask the chair to add you' }]), status: 403 });
        if (!r.ok && r.reason !== 'already' && r.reason !== 'may-not-join') return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.room(id)}?done=accepted`);
      },
    },
    {
      method: 'post', path: '/meetings/:id/room/attendance/:attendanceId/accept', access: 'meeting:manage', audit: 'meeting.agreement.record',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        const attendanceId = str(req.params.attendanceId);
        if (!id || !isUuid(attendanceId)) return notFound(res);
        const r = await room.acceptFor(actorOf(req), partnershipOf(req), id, attendanceId, str(req.body?.method));
        if (!r.ok && r.reason === 'invalid') return renderRoom(req, res, id, { errors: formErrors(r.errors), status: 400 });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.room(id)}?done=recorded#attendance`);
      },
    },
    {
      method: 'get', path: '/meetings/:id/items/:itemId', access: 'meeting:read', audit: 'meeting.item.view',
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        await renderItem(req, res, id, itemId);
      },
    },
    {
      method: 'post', path: '/meetings/:id/items/:itemId/contributions', access: 'meeting:manage', audit: 'meeting.item.contribute',
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        const values = { agencyId: str(req.body?.agencyId), body: str(req.body?.body) };
        const r = await room.contribute(actorOf(req), partnershipOf(req), id, itemId, values.agencyId, values.body);
        if (!r.ok && r.reason === 'invalid') return renderItem(req, res, id, itemId, { values, errors: formErrors(r.errors), status: 400 });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.item(id, itemId)}?done=shared#shared`);
      },
    },
    {
      method: 'get', path: '/meetings/:id/items/:itemId/decision', access: 'meeting:manage', audit: 'meeting.item.view',
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        await renderDecision(req, res, id, itemId);
      },
    },
    {
      method: 'post', path: '/meetings/:id/items/:itemId/decision', access: 'meeting:manage', audit: 'meeting.item.decide',
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        const b = (req.body ?? {}) as Record<string, unknown>;
        const next = readDateInput(b, 'nextReview', 'Next review date');
        const values: DecisionInput & { nextParts: { day: string; month: string; year: string } } = {
          level: str(b.level), assessmentId: str(b.assessmentId), adjustment: str(b.adjustment), rationale: str(b.rationale), decisions: str(b.decisions),
          nextReview: next.value, nextReviewError: next.error, nextReviewReason: str(b.nextReviewReason), nextParts: next.parts,
        };
        const version = versionOf(b);
        const anchors = { level: 'level', nextReview: 'nextReview-day', version: 'level' };
        if (version === undefined) return renderDecision(req, res, id, itemId, { values, errors: formErrors([outOfDate], anchors), status: 400 });
        const r = await room.decide(actorOf(req), partnershipOf(req), id, itemId, version, values);
        if (!r.ok && r.reason === 'invalid') return renderDecision(req, res, id, itemId, { values, errors: formErrors(r.errors, anchors), status: 400 });
        if (!r.ok && r.reason === 'conflict') return renderDecision(req, res, id, itemId, { values, conflict: { current: r.current }, status: 409 });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.item(id, itemId)}?done=decided#decided`);
      },
    },
    {
      method: 'get', path: '/meetings/:id/items/:itemId/actions', access: 'meeting:manage', audit: 'meeting.item.view',
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        await renderAction(req, res, id, itemId);
      },
    },
    {
      method: 'post', path: '/meetings/:id/items/:itemId/actions', access: 'meeting:manage', audit: 'action.create',
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        const b = (req.body ?? {}) as Record<string, unknown>;
        const { raw, dueParts } = readSmartForm(b);
        const values = { ...raw, childId: str(b.childId) } as unknown as Record<string, string>;
        const r = await room.addAction(actorOf(req), partnershipOf(req), id, itemId, str(b.childId), raw);
        if (!r.ok && r.reason === 'invalid') return renderAction(req, res, id, itemId, { values, dueParts, errors: formErrors([...r.errors], { dueOn: 'dueOn-day', ownerType: 'ownerType', kind: 'kind' }), status: 400 });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.item(id, itemId)}?done=action#actions`);
      },
    },
    {
      method: 'post', path: '/meetings/:id/items/:itemId/status', access: 'meeting:manage', audit: 'meeting.item.status',
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        const b = (req.body ?? {}) as Record<string, unknown>;
        const version = versionOf(b);
        if (version === undefined) return renderItem(req, res, id, itemId, { errors: formErrors([outOfDate], { version: 'status' }), status: 400 });
        const status = str(b.status);
        const r = await room.setStatus(actorOf(req), id, itemId, version, status);
        if (!r.ok && r.reason === 'invalid') return renderItem(req, res, id, itemId, { errors: formErrors(r.errors), status: 400 });
        if (!r.ok && r.reason === 'conflict') return renderItem(req, res, id, itemId, { errors: formErrors([{ field: 'status', message: 'Someone else changed this item while you were working on it: nothing was saved. Check it below, then try again' }]), status: 409 });
        if (!r.ok) return refuse(res, id, r.reason);
        const next = str(b.next);
        if (next && isUuid(next)) return res.redirect(303, paths.meetingRoom.item(id, next));
        res.redirect(303, `${paths.meetingRoom.room(id)}?done=${status}#agenda`);
      },
    },
    {
      method: 'post', path: '/meetings/:id/items/:itemId/recordings', access: 'meeting:manage', audit: 'meeting.recording.upload',
      // Nothing of a partnership that keeps no recordings is kept, not even in memory.
      multipart: { file: 'recording', maxBytes: (req) => (partnershipOf(req).recordings.enabled ? partnershipOf(req).recordings.maxBytes : 0) },
      handler: async (req: Request, res: Response) => {
        const { id, itemId } = ids(req);
        if (!id || !itemId) return notFound(res);
        const p = partnershipOf(req);
        const fail = (message: string, status = 400) => renderItem(req, res, id, itemId, { errors: formErrors([{ field: 'recording', message }]), status });
        if (!p.recordings.enabled) return fail('Recordings are not kept in this partnership');
        const up = req.upload!;
        if (up.error === 'not-multipart') return fail('Choose an audio file to upload');
        if (up.error === 'too-large') return fail(`The recording must be smaller than ${describeBytes(p.recordings.maxBytes)}`, 413);
        if (up.error === 'no-file') return fail('Choose an audio file to upload');
        if (up.error || !up.file) return fail('The file could not be read: try again');
        const audio = detectAudio(up.file.data);
        if (!audio) return fail('The file must be an audio recording (MP3, WAV, Ogg, M4A, WebM or FLAC)');
        const r = await room.addRecording(actorOf(req), id, itemId, up.fields.childId ?? '', { data: up.file.data, contentType: audio.contentType });
        if (!r.ok && r.reason === 'invalid') return renderItem(req, res, id, itemId, { errors: formErrors(r.errors), status: 400 });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.item(id, itemId)}?done=recorded#recordings`);
      },
    },
    {
      method: 'get', path: '/meetings/:id/recordings/:recordingId', access: 'meeting:read', audit: 'meeting.recording.download',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        const recordingId = str(req.params.recordingId);
        if (!id || !isUuid(recordingId)) return notFound(res);
        const r = await room.recording(actorOf(req), id, recordingId);
        if (!r.ok) return refuse(res, id, r.reason);
        const ext = detectAudio(r.recording.data)?.extension ?? 'bin';
        res.set({
          'Content-Type': r.recording.content_type,
          'Content-Disposition': `attachment; filename="meeting-recording-${recordingId.slice(0, 8)}.${ext}"`,
          'Content-Length': String(r.recording.data.length),
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store',
        });
        res.end(r.recording.data);
      },
    },
    {
      method: 'get', path: '/meetings/:id/room/close', access: 'meeting:manage', audit: 'meeting.room.view',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const r = await room.room(actorOf(req), id);
        if (!r.ok) return refuse(res, id, r.reason);
        if (!r.showItems) return refuse(res, id, r.meeting.opened_at ? 'not-accepted' : 'not-open');
        if (r.meeting.closed_at) return refuse(res, id, 'closed');
        res.render('meeting-room/views/close.njk', { meeting: r.meeting, items: r.items.map((i) => ({ ...i, heading: itemHeading(i) })), statusWords, attendance: r.attendance });
      },
    },
    {
      method: 'post', path: '/meetings/:id/room/close', access: 'meeting:manage', audit: 'meeting.close',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const r = await room.close(actorOf(req), partnershipOf(req), id);
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.minutes(id)}?done=closed-${r.carried}`);
      },
    },
    {
      method: 'get', path: '/meetings/:id/minutes', access: 'meeting:read', audit: 'meeting.minutes.view',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        await renderMinutes(req, res, id);
      },
    },
    {
      method: 'post', path: '/meetings/:id/minutes', access: 'meeting:manage', audit: 'meeting.minutes.edit',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const b = (req.body ?? {}) as Record<string, unknown>;
        const body = str(b.body);
        const version = versionOf(b);
        if (version === undefined) return renderMinutes(req, res, id, { body, errors: formErrors([outOfDate], { version: 'body' }), status: 400 });
        const r = await room.saveMinutes(actorOf(req), id, version, body);
        if (!r.ok && r.reason === 'invalid') return renderMinutes(req, res, id, { body, errors: formErrors(r.errors), status: 400 });
        if (!r.ok && (r.reason === 'conflict' || r.reason === 'locked')) return renderMinutes(req, res, id, { body, conflict: { current: r.current, submitted: body }, status: 409 });
        if (!r.ok && r.reason !== 'conflict' && r.reason !== 'locked') return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.minutes(id)}?done=saved`);
      },
    },
    {
      method: 'post', path: '/meetings/:id/minutes/approve', access: 'meeting:manage', audit: 'meeting.minutes.approve',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const version = versionOf((req.body ?? {}) as Record<string, unknown>);
        const r = version === undefined ? undefined : await room.approveMinutes(actorOf(req), id, version);
        if (!r) return renderMinutes(req, res, id, { errors: formErrors([outOfDate], { version: 'body' }), status: 400 });
        if (!r.ok && r.reason === 'conflict') return renderMinutes(req, res, id, { errors: formErrors([{ field: 'body', message: 'The minutes changed since you read them, or are already approved: check them, then approve again' }]), status: 409 });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.minutes(id)}?done=approved`);
      },
    },
    {
      method: 'post', path: '/meetings/:id/minutes/send', access: 'meeting:manage', audit: 'meeting.minutes.send',
      handler: async (req: Request, res: Response) => {
        const { id } = ids(req);
        if (!id) return notFound(res);
        const version = versionOf((req.body ?? {}) as Record<string, unknown>);
        const r = version === undefined ? undefined : await room.sendMinutes(actorOf(req), partnershipOf(req), id, version);
        if (!r) return renderMinutes(req, res, id, { errors: formErrors([outOfDate], { version: 'body' }), status: 400 });
        if (!r.ok && r.reason === 'conflict') return renderMinutes(req, res, id, { errors: formErrors([{ field: 'body', message: 'Only approved minutes that have not been sent can be sent' }]), status: 409 });
        if (!r.ok) return refuse(res, id, r.reason);
        res.redirect(303, `${paths.meetingRoom.minutes(id)}?done=sent-${r.sent}`);
      },
    },
  ];
}
