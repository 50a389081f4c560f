import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../platform/http.ts';
import { can } from '../../platform/roles.ts';
import { str, formErrors, datePartsOf, type FormErrors, isUuid, readBody, objectOf } from '../../platform/validation.ts';
import { paths } from '../../paths.ts';
import { formatDateTime } from '../../platform/dates.ts';
import { describeRule, localToInstant, localDateOf } from '../../domain/calendar/recurrence.ts';
import { CONFIDENTIALITY_STATEMENT } from './service.ts';
import type { OccurrenceRow } from './repository.ts';
import {
  seriesForm,
  seriesValues,
  moveForm,
  moveValues,
  moveAnchors,
  cancelForm,
  guestMemberSchema,
  guestMemberValues,
  memberForm,
  memberValues,
  chairsForm,
  chairsValues,
  chairChangeForm,
  chairChangeValues,
  dayNames,
  nthNames,
  type SeriesFormValues,
} from './schemas.ts';

const DAY = 86_400_000;
/** The most turns a chair rota holds (a DI and service managers: a handful). */
const MAX_TURNS = 12;

const weekOptions = [2, 4, 8, 13];
/** The page's names for the fields of a member without an account (the form sits beside the one for users). */
const GUEST_FIELDS = { name: 'guestName', email: 'guestEmail', agencyId: 'guestAgencyId', membership: 'guestMembership' };

export function meetingRoutes({ services }: AppDeps): RouteSpec[] {
  const meetings = services.meetings;
  const districtName = (req: Request, id: string | null) => (id ? partnershipOf(req).districts.find((d) => d.id === id)?.name : undefined);
  const localTime = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(d);

  const renderOccurrence = async (
    req: Request,
    res: Response,
    o: {
      id: string;
      status?: number;
      errors?: FormErrors;
      form?: 'move' | 'cancel' | 'chair';
      values?: Record<string, string>;
      conflict?: OccurrenceRow;
      /** A stale save of the meeting's chair change: the saved change is shown, the input kept. */
      chairConflict?: boolean;
      notice?: string;
      message?: string;
    },
  ) => {
    const p = partnershipOf(req);
    const found = await meetings.occurrence(actorOf(req), o.id, p);
    const occ = o.conflict ? { ...o.conflict, chair: found?.chair } : found;
    if (!occ) return notFound(res);
    const date = datePartsOf(localDateOf(occ.starts_at));
    const canManage = can(req.user!.roles, 'meeting:manage');
    // Issue 15, item 20: the one-off chair change form, for those who run meetings.
    const chairForm = canManage && occ.status !== 'cancelled' ? await meetings.chairOf(actorOf(req), p, occ) : undefined;
    const cv =
      o.form === 'chair' && o.values
        ? o.values
        : { chair: chairForm?.change?.chair_user_id ?? '', deputy: chairForm?.change?.deputy_user_id ?? '', chairReason: chairForm?.change?.reason ?? '' };
    const rotaText = (person: { name: string } | null | undefined, role: string | undefined) =>
      person ? `As the rota: ${person.name}` : role ? `As the rota: ${role} (no one named yet)` : 'As the rota: no one named';
    const people = (cur: string, first: string) => [
      { value: '', text: first },
      ...(chairForm?.users ?? []).map((u) => ({ value: u.id, text: u.display_name, selected: u.id === cur })),
    ];
    res.status(o.status ?? 200).render('meetings/views/occurrence.njk', {
      occ,
      districtName: districtName(req, occ.district_id),
      canManage,
      chairForm: chairForm && {
        change: chairForm.change,
        version: o.chairConflict || !(o.form === 'chair' && o.values) ? chairForm.version : Number(str(objectOf(req.body).version)) || 0,
        chairItems: people(cv.chair ?? '', rotaText(chairForm.rota?.chair, chairForm.rota?.role)),
        deputyItems: people(cv.deputy ?? '', rotaText(chairForm.rota?.deputy, chairForm.rota?.deputyRole ?? undefined)),
        reason: cv.chairReason ?? '',
      },
      chairConflict: !!o.chairConflict,
      errors: o.errors,
      form: o.form,
      values: (o.form !== 'chair' && o.values) || {
        'date-day': date.day,
        'date-month': date.month,
        'date-year': date.year,
        time: localTime(occ.starts_at),
        reason: '',
      },
      conflict: !!o.conflict,
      notice: o.notice,
      message: o.message,
      confidentiality: CONFIDENTIALITY_STATEMENT,
    });
  };

  /** The chair rota form: one fieldset per turn (the rota's, or the configured roles'), and one blank turn to add. */
  const renderChairs = async (
    req: Request,
    res: Response,
    id: string,
    o: { status?: number; values?: Record<string, string>; errors?: FormErrors; conflict?: boolean },
  ) => {
    const form = await meetings.chairRotaForm(actorOf(req), partnershipOf(req), id);
    if (!form) return notFound(res);
    const { series, rota, roles, users, next } = form;
    const saved = rota?.turns ?? [];
    const defaults = saved.length
      ? saved.map((t) => ({ role: t.role, chair: t.chair_user_id, deputy: t.deputy_user_id ?? '' }))
      : (roles?.roles ?? []).map((role) => ({ role, chair: '', deputy: '' }));
    const fromSaved: Record<string, string> = { firstMeeting: '' };
    defaults.forEach((t, i) => Object.assign(fromSaved, { [`role-${i + 1}`]: t.role, [`chair-${i + 1}`]: t.chair, [`deputy-${i + 1}`]: t.deputy }));
    const values = o.values ?? fromSaved;
    const count = o.values ? Number(o.values.rows) : Math.min(defaults.length + 1, MAX_TURNS);
    const people = (cur: string, none: string) => [
      { value: '', text: none },
      ...users.map((u) => ({ value: u.id, text: u.display_name, selected: u.id === cur })),
    ];
    const turns = Array.from({ length: count }, (_, i) => {
      const row = i + 1;
      return {
        row,
        role: values[`role-${row}`] ?? '',
        chairItems: people(values[`chair-${row}`] ?? '', 'Select a person'),
        deputyItems: people(values[`deputy-${row}`] ?? '', 'No deputy named'),
      };
    });
    const anchor = rota ? next.find((x) => x.original_starts_at.getTime() === rota.starts_at.getTime()) : undefined;
    const firstItems = [
      {
        value: '',
        text: rota
          ? anchor
            ? `As now: ${formatDateTime(anchor.starts_at)}`
            : `As now: counted from ${formatDateTime(rota.starts_at)}`
          : next[0]
            ? `The next meeting: ${formatDateTime(next[0].starts_at)}`
            : 'The next meeting',
      },
      ...next.map((x) => ({ value: x.id, text: formatDateTime(x.starts_at), selected: x.id === values.firstMeeting })),
    ];
    res.status(o.status ?? 200).render('meetings/views/chairs.njk', {
      s: series,
      rota,
      roles,
      turns,
      firstItems,
      version: o.conflict ? String(rota?.version ?? 0) : req.body?.version && o.values ? str(req.body.version) : String(rota?.version ?? 0),
      errors: o.errors,
      conflict: o.conflict,
      districtName: districtName(req, series.district_id),
    });
  };

  const seriesFormLocals = (req: Request, values: SeriesFormValues, errors?: FormErrors) => {
    const p = partnershipOf(req);
    const sel = (v: unknown, cur: unknown) => ({ value: v, selected: v === cur });
    return {
      values,
      errors,
      types: [
        { value: '', text: 'Select a type' },
        ...p.meetingTypes.map((t) => ({ ...sel(t.id, values.typeId), text: t.name })),
        { ...sel('other', values.typeId), text: 'Another meeting' },
      ],
      districts: [{ value: '', text: 'Not for one district' }, ...p.districts.map((d) => ({ ...sel(d.id, values.districtId), text: d.name }))],
      dayItems: Object.entries(dayNames).map(([v, text]) => ({ value: v, text, checked: ((values.days as string[]) ?? []).includes(v) })),
      weeksDays: [{ value: '', text: 'Select a day' }, ...Object.entries(dayNames).map(([v, text]) => ({ ...sel(v, values.weeksDay), text }))],
      monthDays: [{ value: '', text: 'Select a day' }, ...Object.entries(dayNames).map(([v, text]) => ({ ...sel(v, values.monthDay), text }))],
      nths: [{ value: '', text: 'Select a week' }, ...Object.entries(nthNames).map(([v, text]) => ({ ...sel(v, values.nth), text }))],
    };
  };

  return [
    {
      method: 'get',
      path: '/meetings',
      access: 'meeting:read',
      audit: 'none: meeting times and names of series, no personal data',
      handler: async (req: Request, res: Response) => {
        const p = partnershipOf(req);
        const weeks = weekOptions.includes(Number(req.query.weeks)) ? Number(req.query.weeks) : 4;
        const seriesParam = str(req.query.series);
        const now = new Date();
        const from = localToInstant(localDateOf(now), '00:00');
        const { series, rows } = await meetings.upcoming(
          actorOf(req),
          p,
          from,
          new Date(from.getTime() + weeks * 7 * DAY),
          isUuid(seriesParam) ? seriesParam : undefined,
        );
        const chosen = series.find((s) => s.id === seriesParam);
        res.render('meetings/views/index.njk', {
          rows,
          weeks,
          chosen,
          seriesItems: [{ value: '', text: 'All meetings' }, ...series.map((s) => ({ value: s.id, text: s.name, selected: s.id === chosen?.id }))],
          weekItems: weekOptions.map((w) => ({ value: String(w), text: w === 13 ? 'Next 3 months' : `Next ${w} weeks`, selected: w === weeks })),
          series: series.map((s) => ({ ...s, describe: describeRule(s.rrule), districtName: districtName(req, s.district_id) })),
          canAdmin: can(req.user!.roles, 'series:admin'),
          filtered: !!chosen || weeks !== 4,
        });
      },
    },
    {
      method: 'get',
      path: '/meetings/series/new',
      access: 'series:admin',
      audit: 'none: a blank form',
      handler: async (req: Request, res: Response) => {
        res.render(
          'meetings/views/new-series.njk',
          seriesFormLocals(req, { pattern: '', days: [], monthsInterval: '1', weeksInterval: '2', duration: '60', skipBankHolidays: 'yes' }),
        );
      },
    },
    {
      method: 'post',
      path: '/meetings/series/new',
      access: 'series:admin',
      audit: 'meeting.series.create',
      handler: async (req: Request, res: Response) => {
        const p = partnershipOf(req);
        const read = readBody(seriesForm(p), req.body);
        if (!read.ok)
          return res
            .status(400)
            .render(
              'meetings/views/new-series.njk',
              seriesFormLocals(req, seriesValues(objectOf(req.body)), formErrors(read.errors, { firstDate: 'firstDate-day', days: 'days' })),
            );
        const row = await meetings.createSeries(actorOf(req), p, read.data);
        res.redirect(303, `${paths.meetings.series(row.id)}?done=created`);
      },
    },
    {
      method: 'get',
      path: '/meetings/series/:id',
      access: 'meeting:read',
      audit: 'none: a series’ schedule and its members (staff), no child’s data',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        await renderSeries(req, res, id, { notice: str(req.query.done) });
      },
    },
    {
      method: 'get',
      path: '/meetings/series/:id/chairs',
      access: 'meeting:manage',
      audit: 'none: the chair rota form (staff names), no child’s data',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        await renderChairs(req, res, id, {});
      },
    },
    {
      method: 'post',
      path: '/meetings/series/:id/chairs',
      access: 'meeting:manage',
      audit: 'meeting.chairs.set',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const values = chairsValues(objectOf(req.body), MAX_TURNS);
        const read = readBody(chairsForm(MAX_TURNS), req.body);
        if (!read.ok) return renderChairs(req, res, id, { status: 400, values, errors: formErrors(read.errors) });
        const { version, firstMeeting, rows } = read.data;
        const result = await meetings.setChairRota(actorOf(req), partnershipOf(req), id, version, firstMeeting, rows);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok && result.reason === 'invalid') return renderChairs(req, res, id, { status: 400, values, errors: formErrors(result.errors) });
        if (!result.ok) return renderChairs(req, res, id, { status: 409, values, conflict: true });
        return res.redirect(303, `${paths.meetings.series(id)}?done=${result.invited ? 'chairs-invited' : 'chairs-set'}`);
      },
    },
    {
      method: 'post',
      path: '/meetings/series/:id/members',
      access: 'series:members',
      audit: 'meeting.member.add',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const body = objectOf(req.body);
        if (body.memberKind === 'guest') {
          const p = partnershipOf(req);
          const read = readBody(guestMemberSchema(p, GUEST_FIELDS), body);
          const values = guestMemberValues(body, GUEST_FIELDS);
          if (!read.ok) return renderSeries(req, res, id, { status: 400, errors: formErrors(read.errors, { guestMembership: 'guestMembership' }), values });
          const result = await meetings.addGuestMember(actorOf(req), p, id, read.data);
          if (!result.ok && result.reason === 'not-found') return notFound(res);
          if (!result.ok) {
            const error =
              result.reason === 'already'
                ? { field: 'guestEmail', message: 'Someone with that email address is already a member of this series' }
                : { field: 'guestAgencyId', message: 'Select an agency of this partnership' };
            return renderSeries(req, res, id, { status: 400, errors: formErrors([error]), values });
          }
          return res.redirect(303, `${paths.meetings.series(id)}?done=member-added`);
        }
        const values = memberValues(body);
        const read = readBody(memberForm, body);
        if (!read.ok) return renderSeries(req, res, id, { status: 400, errors: formErrors(read.errors), values });
        const result = await meetings.addMember(actorOf(req), partnershipOf(req), id, read.data.userId, read.data.membership);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok) {
          const message = result.reason === 'already' ? 'That person is already a member of this series' : 'Select a person from the list';
          return renderSeries(req, res, id, { status: 400, errors: formErrors([{ field: 'userId', message }]), values });
        }
        res.redirect(303, `${paths.meetings.series(id)}?done=member-added`);
      },
    },
    {
      method: 'get',
      path: '/meetings/:id',
      access: 'meeting:read',
      audit: 'none: a meeting’s time and place, no personal data',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        await renderOccurrence(req, res, {
          id,
          notice: ['moved', 'cancelled', 'chair-changed', 'chair-invited', 'chair-rota'].includes(str(req.query.done)) ? str(req.query.done) : undefined,
        });
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/move',
      access: 'meeting:manage',
      audit: 'meeting.move',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const values = moveValues(objectOf(req.body));
        const read = readBody(moveForm, req.body);
        if (!read.ok) return renderOccurrence(req, res, { id, status: 400, errors: formErrors(read.errors, moveAnchors), form: 'move', values });
        const { date, time, reason, version } = read.data;
        const result = await meetings.move(actorOf(req), id, version, localToInstant(date, time), reason);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok && result.reason === 'cancelled')
          return renderOccurrence(req, res, {
            id,
            status: 400,
            errors: formErrors([{ field: 'move', message: 'This meeting is cancelled: it cannot be moved' }]),
            form: 'move',
            values,
          });
        if (!result.ok) return renderOccurrence(req, res, { id, status: 409, conflict: result.current, form: 'move', values });
        res.redirect(303, `${paths.meetings.occurrence(id)}?done=moved`);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/chair',
      access: 'meeting:manage',
      audit: 'meeting.chair.change',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const values = chairChangeValues(objectOf(req.body));
        const chairAnchors = { chair: 'chair', deputy: 'deputy', chairReason: 'chairReason', version: 'chairReason', chairChange: 'chair-change' };
        const read = readBody(chairChangeForm, req.body);
        if (!read.ok) return renderOccurrence(req, res, { id, status: 400, errors: formErrors(read.errors, chairAnchors), form: 'chair', values });
        const { chair, deputy, chairReason, version } = read.data;
        const result = await meetings.changeChair(actorOf(req), partnershipOf(req), id, version, { chair, deputy, reason: chairReason });
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok && result.reason === 'invalid') {
          const errors = result.errors.map((e) => (e.field === 'reason' ? { ...e, field: 'chairReason' } : e));
          return renderOccurrence(req, res, { id, status: 400, errors: formErrors(errors, chairAnchors), form: 'chair', values });
        }
        if (!result.ok) return renderOccurrence(req, res, { id, status: 409, chairConflict: true, form: 'chair', values });
        res.redirect(303, `${paths.meetings.occurrence(id)}?done=${result.invited ? 'chair-invited' : 'chair-changed'}`);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/chair/undo',
      access: 'meeting:manage',
      audit: 'meeting.chair.change',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const version = Number.parseInt(str(objectOf(req.body).version), 10);
        const result = await meetings.removeChairChange(actorOf(req), partnershipOf(req), id, Number.isInteger(version) ? version : -1);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok) return renderOccurrence(req, res, { id, status: 409, chairConflict: true });
        res.redirect(303, `${paths.meetings.occurrence(id)}?done=chair-rota`);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/cancel',
      access: 'meeting:manage',
      audit: 'meeting.cancel',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const vals = { cancelReason: str(objectOf(req.body).cancelReason).trim() };
        const read = readBody(cancelForm, req.body);
        if (!read.ok)
          return renderOccurrence(req, res, { id, status: 400, errors: formErrors(read.errors, { version: 'cancel' }), form: 'cancel', values: vals });
        const result = await meetings.cancel(actorOf(req), id, read.data.version, read.data.cancelReason);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok) return renderOccurrence(req, res, { id, status: 409, conflict: result.current, form: 'cancel', values: vals });
        res.redirect(303, `${paths.meetings.occurrence(id)}?done=cancelled`);
      },
    },
  ];

  async function renderSeries(
    req: Request,
    res: Response,
    id: string,
    o: { status?: number; errors?: FormErrors; values?: Record<string, string>; notice?: string },
  ) {
    const p = partnershipOf(req);
    const view = await meetings.seriesView(actorOf(req), p, id);
    if (!view) return notFound(res);
    const memberIds = new Set(view.members.map((m) => m.user_id));
    const agencies = Object.fromEntries(p.agencies.map((a) => [a.id, a.name]));
    res.status(o.status ?? 200).render('meetings/views/series.njk', {
      s: view.series,
      describe: describeRule(view.series.rrule),
      startsAt: localToInstant(view.series.first_date, view.series.start_time),
      districtName: districtName(req, view.series.district_id),
      typeName: p.meetingTypes.find((t) => t.id === view.series.type_id)?.name ?? 'Another meeting',
      members: view.members,
      agencies,
      next: view.next,
      rota: view.rota,
      roles: view.roles,
      canManage: can(req.user!.roles, 'meeting:manage'),
      canManageMembers: can(req.user!.roles, 'series:members'),
      userItems: [
        { value: '', text: 'Select a person' },
        ...view.users
          .filter((u) => !memberIds.has(u.id))
          .map((u) => ({ value: u.id, text: `${u.display_name} (${agencies[u.agency_id] ?? u.agency_id})`, selected: u.id === o.values?.userId })),
      ],
      agencyItems: [
        { value: '', text: 'Select an agency' },
        ...p.agencies.map((a) => ({ value: a.id, text: a.name, selected: a.id === o.values?.guestAgencyId })),
      ],
      values: o.values ?? {},
      errors: o.errors,
      notice: ['created', 'member-added', 'chairs-set', 'chairs-invited'].includes(o.notice ?? '') ? o.notice : undefined,
    });
  }
}
