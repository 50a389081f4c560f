import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { actorOf, notFound } from '../../platform/http.ts';
import { str, formErrors, isUuid, readBody, objectOf, type FormErrors } from '../../platform/validation.ts';
import { paths } from '../../paths.ts';
import { mergeError } from '../../domain/intelligence/links.ts';
import { common } from './routes-common.ts';
import { duplicateChoice, mergeSchema, mergeKeep } from './schemas.ts';

/** Merging two records found to be the same person, place or thing (DOMAIN §6). */
export function intelligenceMergeRoutes({ services }: AppDeps): RouteSpec[] {
  const intel = services.intelligence;

  const renderMergeConfirm = async (req: Request, res: Response, o: { errors?: FormErrors; status?: number; conflict?: boolean; keep?: string }) => {
    const id = str(req.params.id).toLowerCase();
    const otherId = str(req.params.otherId).toLowerCase();
    if (!isUuid(id) || !isUuid(otherId)) return notFound(res);
    const first = await intel.view(actorOf(req), id);
    const second = first ? await intel.view(actorOf(req), otherId) : undefined;
    if (!first || !second) return notFound(res);
    const error = mergeError(
      { id: first.record.id, kind: first.record.kind, mergedInto: first.record.merged_into },
      { id: second.record.id, kind: second.record.kind, mergedInto: second.record.merged_into },
    );
    // The record with more links is offered as the one to keep, unless the user chose.
    const keep = o.keep === id || o.keep === otherId ? o.keep : second.links.length > first.links.length ? otherId : id;
    res.status(error ? 400 : (o.status ?? 200)).render('intelligence/views/merge-confirm.njk', {
      ...common(req),
      first,
      second,
      keep,
      refused: error?.message,
      errors: o.errors,
      conflict: o.conflict,
      action: paths.intelligence.mergeWith(id, otherId),
      backHref: paths.intelligence.merge(id),
    });
  };

  return [
    {
      method: 'get',
      path: '/intelligence/records/:id/merge',
      access: 'intel:manage',
      audit: 'intel.record.view',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const r = isUuid(id) ? await intel.mergeChoices(actorOf(req), id) : undefined;
        if (!r) return notFound(res);
        res.render('intelligence/views/merge-choose.njk', { ...common(req), ...r });
      },
    },
    {
      method: 'post',
      path: '/intelligence/records/:id/merge',
      access: 'intel:manage',
      audit: 'none: a choice of record, nothing changed',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        if (!isUuid(id)) return notFound(res);
        const choice = readBody(duplicateChoice(id), req.body);
        if (choice.ok) return res.redirect(303, paths.intelligence.mergeWith(id, choice.data.duplicateId));
        const r = await intel.mergeChoices(actorOf(req), id);
        if (!r) return notFound(res);
        res.status(400).render('intelligence/views/merge-choose.njk', {
          ...common(req),
          ...r,
          errors: formErrors([{ field: 'duplicateId', message: 'Select the person who is the same as ' + r.record.label }]),
        });
      },
    },
    {
      method: 'get',
      path: '/intelligence/records/:id/merge/:otherId',
      access: 'intel:manage',
      audit: 'intel.record.view',
      handler: async (req: Request, res: Response) => {
        await renderMergeConfirm(req, res, {});
      },
    },
    {
      method: 'post',
      path: '/intelligence/records/:id/merge/:otherId',
      access: 'intel:manage',
      audit: 'intel.record.merge',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id).toLowerCase();
        const otherId = str(req.params.otherId).toLowerCase();
        if (!isUuid(id) || !isUuid(otherId)) return notFound(res);
        const read = readBody(mergeSchema(id, otherId), req.body);
        if (!read.ok) return renderMergeConfirm(req, res, { status: 400, errors: formErrors(read.errors), keep: mergeKeep(objectOf(req.body)) });
        const { keep, thisVersion, otherVersion } = read.data;
        const versions = { [id]: thisVersion, [otherId]: otherVersion };
        const dup = keep === id ? otherId : id;
        const r = await intel.merge(actorOf(req), keep, versions[keep]!, dup, versions[dup]!);
        if (r.ok) return res.redirect(303, `${paths.intelligence.record(keep)}?merged=1`);
        if (r.reason === 'not-found') return notFound(res);
        if (r.reason === 'conflict') return renderMergeConfirm(req, res, { status: 409, conflict: true, keep });
        renderMergeConfirm(req, res, { status: 400, errors: formErrors(r.errors), keep });
      },
    },
  ];
}
