import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound, partnershipOf, versionOf } from '../../platform/http.ts';
import { str, readBody, formErrors, type FormErrors, isUuid } from '../../platform/validation.ts';
import type { FieldError } from '../../platform/problems.ts';
import { paths } from '../../paths.ts';
import { formatDate, todayIso } from '../../platform/dates.ts';
import { meetingTypeOf, type PartnershipConfig } from '../../partnerships/index.ts';
import { formatMinutes, slotMinutes, type ItemKind } from '../../domain/agenda/slots.ts';
import { categoryName } from '../../domain/panel/thresholding.ts';
import { checklistProgress } from '../../domain/panel/checklist.ts';
import { agendaChangedSincePublished } from './service.ts';
import {
  newItemSchema,
  newItemValues,
  itemChangeSchema,
  itemChangeValues,
  responseSchema,
  responseValues,
  type ItemInput,
  type ItemValues,
} from './schemas.ts';
import type { ItemRow } from './repository.ts';
import { childMeetingRoutes } from './child-meetings.ts';
import { missingSection } from '../reports/missing.ts';
import { sectionViews } from '../reports/view-model.ts';

const bodyOf = (req: Request) => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});
const outOfDate = (field: string): FieldError => ({ field, message: 'The form is out of date: reload the page' });
const notices: Record<string, string> = {
  added: 'Item added to the agenda.',
  changed: 'Item changed.',
  removed: 'Item removed from the agenda.',
  moved: 'Running order changed.',
  published: 'Agenda published and sent to the members.',
  resent: 'The changed agenda was sent to the members.',
};
const discussionNames = { initial: 'Initial discussion', review: 'Review' };
const kindNames: Record<ItemKind, string> = { child: 'Child', group: 'Group of children', location: 'Location' };

export function agendaRoutes({ services }: AppDeps): RouteSpec[] {
  const agendas = services.agenda;
  const idOf = (req: Request) => {
    const id = str(req.params.id);
    return isUuid(id) ? id : undefined;
  };
  const agencyNames = (p: PartnershipConfig) => Object.fromEntries(p.agencies.map((a) => [a.id, a.name]));
  const districtName = (p: PartnershipConfig, id: string | null) => (id ? p.districts.find((d) => d.id === id)?.name : undefined);

  // ---- The agenda page -------------------------------------------------------------------------
  const renderAgenda = async (req: Request, res: Response, id: string, o: { status?: number; errors?: FormErrors; conflict?: boolean } = {}) => {
    const p = partnershipOf(req);
    const view = await agendas.view(actorOf(req), id, p);
    if (!view) return notFound(res);
    // Issue 15 item 16: the district's missing figures as the bi-monthly report counts them, inside the partnership (not suppressed).
    const missing = view.missing && {
      section: sectionViews([missingSection(view.missing.figures, p, view.missing.period, view.occ.district_id, todayIso())], p, {
        suppress: false,
        zerosAsNone: true,
      })[0],
      intro: `Aggregated figures for the panel, no child named: missing episodes that started from ${formatDate(view.missing.period.from)} to ${formatDate(view.missing.period.to)}, ${
        view.missing.previous ? 'since the previous meeting of this series' : 'the two months before this meeting (no earlier meeting of this series)'
      }${view.missing.period.to >= todayIso() ? ', as recorded so far' : ''}. The bi-monthly report counts them the same way for any period.`,
    };
    const notice = o.errors || o.conflict ? undefined : notices[str(req.query.done)];
    // Risk and checklist columns only for those who may see the children; the checklist where panels use referrals (DOMAIN §6).
    const showRisk = view.items.some((i) => i.childViews.some((c) => c.name));
    const showChecklist = showRisk && (p.lateralCheckAgencies.length > 0 || view.items.some((i) => i.childViews.some((c) => c.checklist)));
    res.status(o.status ?? 200).render('agenda/views/agenda.njk', {
      ...view,
      missing,
      standingAgenda: meetingTypeOf(p, view.occ.type_id)?.standingAgenda,
      adultSupportText: p.adultSupportText,
      showRisk,
      showChecklist,
      districtName: districtName(p, view.occ.district_id),
      version: view.agenda?.version ?? 1,
      status: view.agenda?.status ?? 'draft',
      changedSince: agendaChangedSincePublished(view.agenda),
      meetingLength: formatMinutes(view.plan.meetingMinutes),
      slots: p.agendaSlots,
      discussionNames,
      kindNames,
      formatMinutes,
      errors: o.errors,
      conflict: o.conflict,
      notice,
    });
  };

  // ---- Adding an item ----------------------------------------------------------------------------
  const addPage = (kind: ItemKind) => `agenda/views/add-${kind}.njk`;
  const renderAdd = async (
    req: Request,
    res: Response,
    id: string,
    kind: ItemKind,
    o: { status?: number; errors?: FieldError[]; values?: ItemValues } = {},
  ) => {
    const chosen = typeof o.values?.childId === 'string' && isUuid(o.values.childId) ? o.values.childId : undefined;
    const form = await agendas.addForm(actorOf(req), id, kind, chosen);
    if (!form) return notFound(res);
    // With no child to pick from, the page shows only the reference box(es): errors link there.
    const listed = form.candidates.length > 0;
    const errors = o.errors
      ? formErrors(o.errors, { ...anchors, agenda: 'main-content', childId: listed ? 'childId' : 'reference', childIds: listed ? 'childIds' : 'references' })
      : undefined;
    const p = partnershipOf(req);
    const values = o.values ?? { discussion: 'auto', childIds: [] };
    const picked = ([] as string[]).concat(values.childIds ?? []);
    const candidateText = (c: (typeof form.candidates)[number]) => `${c.first_name} ${c.last_name} (${c.reference})`;
    const candidateHint = (c: (typeof form.candidates)[number]) => {
      if (!c.referral_id && !c.last_on) return 'Chosen from the child’s record.';
      if (!c.referral_id)
        return c.last_on && c.last_on < new Date()
          ? `Discussed at this series on ${formatDate(c.last_on)}: for review.`
          : `On the agenda of this series on ${formatDate(c.last_on)}.`;
      const progress = checklistProgress(c.checklist_done);
      return `${c.category ? `Thresholded (category ${c.category}): ${categoryName(c.category)}` : 'Referred, not yet thresholded'}. Lead professional’s checklist: ${progress.done} of ${progress.total} done.`;
    };
    res.status(o.status ?? 200).render(addPage(kind), {
      ...form,
      kind,
      values,
      errors,
      districtName: districtName(p, form.occ.district_id),
      slots: p.agendaSlots,
      childItems: [
        ...form.candidates.map((c) => ({
          value: c.child_id,
          text: candidateText(c),
          hint: { text: candidateHint(c) },
          checked: values.childId === c.child_id,
        })),
        ...(form.candidates.length ? [{ divider: 'or' }] : []),
        { value: 'other', text: 'Another child, by reference', checked: values.childId === 'other' },
      ],
      groupItems: form.candidates.map((c) => ({
        value: c.child_id,
        text: candidateText(c),
        hint: { text: candidateHint(c) },
        checked: picked.includes(c.child_id),
      })),
      suggestionNames: form.suggestions.map((g) => ({
        reason: g.reason,
        names: g.childIds
          .map((cid) => form.candidates.find((c) => c.child_id === cid))
          .filter(Boolean)
          .map((c) => candidateText(c!)),
      })),
      discussionItems: discussionItems(p, kind, String(values.discussion ?? 'auto'), true),
    });
  };

  const addRoutes = (kind: ItemKind, path: string): RouteSpec[] => [
    {
      method: 'get',
      path,
      access: 'meeting:manage',
      audit: 'agenda.item.add-form',
      handler: async (req: Request, res: Response) => {
        const id = idOf(req);
        if (!id) return notFound(res);
        // From a referral's "add to the agenda": the child (an id, not personal data) is chosen already.
        const pre = str(req.query.child);
        await renderAdd(req, res, id, kind, isUuid(pre) ? { values: { discussion: 'auto', childIds: [pre], childId: pre } } : {});
      },
    },
    {
      method: 'post',
      path,
      access: 'meeting:manage',
      audit: 'agenda.item.add',
      handler: async (req: Request, res: Response) => {
        const id = idOf(req);
        if (!id) return notFound(res);
        const read = readBody(newItemSchema(kind), bodyOf(req), { every: true });
        const values = newItemValues(kind, bodyOf(req));
        if (!read.ok) return renderAdd(req, res, id, kind, { status: 400, values, errors: read.errors });
        const result = await agendas.addItem(actorOf(req), partnershipOf(req), id, read.data);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok && result.reason === 'invalid') return renderAdd(req, res, id, kind, { status: 400, values, errors: result.errors });
        res.redirect(303, `${paths.agenda.show(id)}?done=added`);
      },
    },
  ];

  // ---- An item's page ----------------------------------------------------------------------------
  const renderItem = async (
    req: Request,
    res: Response,
    id: string,
    o: { status?: number; errors?: FormErrors; values?: ItemValues; conflict?: { current: ItemRow; submitted: ItemInput } } = {},
  ) => {
    const view = await agendas.item(actorOf(req), id);
    if (!view) return notFound(res);
    const p = partnershipOf(req);
    const it = view.item;
    const values = o.values ?? {
      discussion: it.discussion,
      slotMinutes: String(it.slot_minutes),
      fixedStart: it.fixed_start ?? '',
      title: it.title ?? '',
      location: it.location_text ?? '',
      childIds: it.children.map((c) => c.id),
      references: '',
    };
    const ticked = ([] as string[]).concat(values.childIds ?? []);
    res.status(o.status ?? 200).render('agenda/views/item.njk', {
      ...view,
      showChecklist: p.lateralCheckAgencies.length > 0 || it.childViews.some((c) => c.checklist),
      memberItems: it.childViews.map((c) => ({
        value: c.id,
        text: c.name ? `${c.name} (${c.reference})` : `Child ${c.reference}`,
        checked: ticked.includes(c.id),
      })),
      values,
      errors: o.errors,
      conflict: o.conflict,
      districtName: districtName(p, view.occ.district_id),
      status: view.agenda?.status ?? 'draft',
      discussionItems: discussionItems(p, it.kind, String(values.discussion), false),
      discussionNames,
      kindNames,
      formatMinutes,
      agencyNames: agencyNames(p),
    });
  };

  // ---- The invitation ----------------------------------------------------------------------------
  const renderInvitation = async (
    req: Request,
    res: Response,
    id: string,
    o: { status?: number; errors?: FormErrors; values?: Record<string, string> } = {},
  ) => {
    const view = await agendas.invitation(actorOf(req), id);
    if (!view) return notFound(res);
    const p = partnershipOf(req);
    const mine = view.mine;
    const values = o.values ?? { response: mine?.response ?? '', deputyName: mine?.deputy_name ?? '', deputyEmail: mine?.deputy_email ?? '' };
    const count = (r: string | null) => view.responses.filter((x) => x.response === r).length;
    res.status(o.status ?? 200).render('agenda/views/invitation.njk', {
      ...view,
      values,
      errors: o.errors,
      notice: o.errors ? undefined : str(req.query.done) === 'answered' ? 'Your answer is saved.' : undefined,
      districtName: districtName(p, view.occ.district_id),
      agencyNames: agencyNames(p),
      counts: { accepted: count('accepted'), declined: count('declined'), unanswered: count(null) },
    });
  };

  const itemAnchors: Record<string, string> = {
    agenda: 'main-content',
    remove: 'remove',
    discussion: 'discussion',
    childIds: 'childIds',
    references: 'references',
  };
  const anchors: Record<string, string> = {
    childId: 'childId',
    childIds: 'childIds',
    discussion: 'discussion',
    agenda: 'items',
    publish: 'publish',
    remove: 'remove',
    version: 'items',
  };

  return [
    ...childMeetingRoutes({ services }),
    {
      method: 'get',
      path: '/meetings/:id/agenda',
      access: 'meeting:read',
      audit: 'agenda.view',
      handler: async (req: Request, res: Response) => {
        const id = idOf(req);
        if (!id) return notFound(res);
        await renderAgenda(req, res, id);
      },
    },
    ...addRoutes('child', '/meetings/:id/agenda/add-child'),
    ...addRoutes('group', '/meetings/:id/agenda/add-group'),
    ...addRoutes('location', '/meetings/:id/agenda/add-location'),
    {
      method: 'post',
      path: '/meetings/:id/agenda/move',
      access: 'meeting:manage',
      audit: 'agenda.move',
      handler: async (req: Request, res: Response) => {
        const id = idOf(req);
        if (!id) return notFound(res);
        const body = bodyOf(req);
        const itemId = str(body.itemId);
        const direction = str(body.direction);
        const version = versionOf(body);
        const errors: FieldError[] = [];
        if (!isUuid(itemId) || (direction !== 'up' && direction !== 'down')) errors.push({ field: 'agenda', message: 'Choose an item to move up or down' });
        if (!version) errors.push(outOfDate('version'));
        if (errors.length) return renderAgenda(req, res, id, { status: 400, errors: formErrors(errors, anchors) });
        const result = await agendas.move(actorOf(req), id, itemId, direction as 'up' | 'down', version!);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok && result.reason === 'invalid') return renderAgenda(req, res, id, { status: 400, errors: formErrors(result.errors, anchors) });
        if (!result.ok) return renderAgenda(req, res, id, { status: 409, conflict: true });
        res.redirect(303, `${paths.agenda.show(id)}?done=moved#items`);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/agenda/publish',
      access: 'meeting:manage',
      audit: 'agenda.publish',
      handler: async (req: Request, res: Response) => {
        const id = idOf(req);
        if (!id) return notFound(res);
        const version = versionOf(bodyOf(req));
        if (!version) return renderAgenda(req, res, id, { status: 400, errors: formErrors([outOfDate('publish')], anchors) });
        const result = await agendas.publish(actorOf(req), partnershipOf(req), id, version);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok && result.reason === 'invalid') return renderAgenda(req, res, id, { status: 400, errors: formErrors(result.errors, anchors) });
        if (!result.ok) return renderAgenda(req, res, id, { status: 409, conflict: true });
        res.redirect(303, `${paths.agenda.show(id)}?done=${result.again ? 'resent' : 'published'}`);
      },
    },
    {
      method: 'get',
      path: '/agenda-items/:id',
      access: 'meeting:manage',
      audit: 'agenda.item.view',
      handler: async (req: Request, res: Response) => {
        const id = idOf(req);
        if (!id) return notFound(res);
        await renderItem(req, res, id);
      },
    },
    {
      method: 'post',
      path: '/agenda-items/:id',
      access: 'meeting:manage',
      audit: 'agenda.item.update',
      handler: async (req: Request, res: Response) => {
        const id = idOf(req);
        if (!id) return notFound(res);
        const body = bodyOf(req);
        const read = readBody(itemChangeSchema, body, { every: true });
        const values = itemChangeValues(body);
        const version = versionOf(body);
        const errors = [...(read.errors ?? []), ...(version ? [] : [outOfDate('version')])];
        if (!read.ok || !version)
          return renderItem(req, res, id, { status: 400, values, errors: formErrors(errors, { ...itemAnchors, version: 'discussion' }) });
        const result = await agendas.updateItem(actorOf(req), partnershipOf(req), id, version, read.data);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok && result.reason === 'invalid') return renderItem(req, res, id, { status: 400, values, errors: formErrors(result.errors, itemAnchors) });
        if (!result.ok && result.reason === 'conflict')
          return renderItem(req, res, id, { status: 409, values, conflict: { current: result.current, submitted: result.submitted } });
        if (result.ok) res.redirect(303, `${paths.agenda.show(result.item.occurrence_id)}?done=changed`);
      },
    },
    {
      method: 'post',
      path: '/agenda-items/:id/remove',
      access: 'meeting:manage',
      audit: 'agenda.item.remove',
      handler: async (req: Request, res: Response) => {
        const id = idOf(req);
        if (!id) return notFound(res);
        const version = versionOf(bodyOf(req));
        if (!version) return renderItem(req, res, id, { status: 400, errors: formErrors([outOfDate('remove')], itemAnchors) });
        const result = await agendas.removeItem(actorOf(req), id, version);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok && result.reason === 'invalid') return renderItem(req, res, id, { status: 400, errors: formErrors(result.errors, itemAnchors) });
        if (!result.ok && result.reason === 'conflict')
          return renderItem(req, res, id, {
            status: 409,
            errors: formErrors(
              [{ field: 'remove', message: 'Someone else changed this item after you opened it: check it below, then remove it again if you still want to' }],
              itemAnchors,
            ),
          });
        if (result.ok) res.redirect(303, `${paths.agenda.show(result.occurrenceId)}?done=removed`);
      },
    },
    {
      method: 'get',
      path: '/meetings/:id/invitation',
      access: 'meeting:read',
      audit: 'meeting.invitation.view',
      handler: async (req: Request, res: Response) => {
        const id = idOf(req);
        if (!id) return notFound(res);
        await renderInvitation(req, res, id);
      },
    },
    {
      method: 'post',
      path: '/meetings/:id/invitation',
      access: 'meeting:read',
      audit: 'meeting.invitation.respond',
      handler: async (req: Request, res: Response) => {
        const id = idOf(req);
        if (!id) return notFound(res);
        const values = responseValues(bodyOf(req));
        const read = readBody(responseSchema, bodyOf(req));
        if (!read.ok) return renderInvitation(req, res, id, { status: 400, values, errors: formErrors(read.errors) });
        const result = await agendas.respond(actorOf(req), partnershipOf(req), id, read.data);
        if (!result.ok && result.reason === 'not-found') return notFound(res);
        if (!result.ok && result.reason === 'not-member')
          return renderInvitation(req, res, id, {
            status: 400,
            values,
            errors: formErrors([{ field: 'response', message: 'You are not a member of this meeting’s series: ask its coordinator to add you' }]),
          });
        if (!result.ok && result.reason === 'invalid') return renderInvitation(req, res, id, { status: 400, values, errors: formErrors(result.errors) });
        res.redirect(303, `${paths.agenda.invitation(id)}?done=answered`);
      },
    },
  ];
}

/** The discussion radios: initial or review with their slot lengths, and on adding, "decide from the series’ history". */
function discussionItems(p: PartnershipConfig, kind: ItemKind, value: string, auto: boolean) {
  const minutes = (d: 'initial' | 'review') => formatMinutes(slotMinutes(p.agendaSlots, kind, d));
  return [
    ...(auto
      ? [
          {
            value: 'auto',
            text: 'Decide from the series’ history',
            hint: {
              text:
                kind === 'location'
                  ? 'A review if the location was discussed at an earlier meeting of this series, otherwise an initial discussion'
                  : 'A review if discussed at an earlier meeting of this series, otherwise an initial discussion',
            },
            checked: value === 'auto',
          },
        ]
      : []),
    { value: 'initial', text: 'Initial discussion', hint: { text: `${minutes('initial')} slot` }, checked: value === 'initial' },
    { value: 'review', text: 'Review', hint: { text: `${minutes('review')} slot` }, checked: value === 'review' },
  ];
}
