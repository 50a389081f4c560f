import type { Request, Response } from 'express';
import type { AppDeps } from '../../../services.ts';
import type { RouteSpec } from '../../../platform/http.ts';
import { actorOf, notFound, partnershipOf } from '../../../platform/http.ts';
import { formErrors, isUuid, objectOf, str } from '../../../platform/validation.ts';
import { paths } from '../../../paths.ts';
import type { PartnershipConfig } from '../../../partnerships/index.ts';
import { importCounts } from '../../../domain/import/children.ts';
import { importLimits, readImportFile, tooLarge } from './read-file.ts';

/** How many of the rows to import the preview lists (every row is checked; rows not imported are always all listed). */
const shownReady = 1000;

/**
 * Bulk import of children (issue 14): the upload form, the preview of every row under an opaque id (the rows
 * are kept on the server, never in a URL), and the import, one transaction, from a CSRF-protected form.
 */
export function childImportRoutes({ services }: AppDeps): RouteSpec[] {
  const imports = services.childImport;

  const renderUpload = (req: Request, res: Response, error?: string) => {
    const p = partnershipOf(req);
    res.status(error ? 400 : 200).render('children/import/views/upload.njk', {
      uploadAction: paths.children.import(),
      errors: error ? formErrors([{ field: 'file', message: error }]) : undefined,
      districtNames: p.districts.map((d) => d.name).join(', '),
      genders: p.lists.gender.join(', '),
      maxSize: `${importLimits.maxBytes / 1024 / 1024} MB`,
      maxRows: importLimits.maxRows.toLocaleString('en-GB'),
    });
  };
  const districtNames = (p: PartnershipConfig) => Object.fromEntries(p.districts.map((d) => [d.id, d.name]));

  return [
    {
      method: 'get',
      path: '/children/import',
      access: 'child:import',
      audit: 'none: the empty upload form',
      handler: (req: Request, res: Response) => renderUpload(req, res),
    },
    {
      method: 'post',
      path: '/children/import',
      access: 'child:import',
      audit: 'child.import.upload',
      multipart: { file: 'file', maxBytes: () => importLimits.maxBytes },
      handler: async (req: Request, res: Response) => {
        const up = req.upload;
        if (!up || up.error === 'not-multipart' || up.error === 'no-file')
          return renderUpload(req, res, 'Select a CSV file or an Excel workbook (.xlsx) to upload');
        if (up.error === 'too-large') return renderUpload(req, res, tooLarge);
        if (up.error || !up.file) return renderUpload(req, res, 'The file could not be uploaded: try again');
        const read = await readImportFile(up.file.data, up.file.fileName, false, up.file.declaredType);
        if (read.error !== undefined) return renderUpload(req, res, read.error);
        const out = await imports.upload(actorOf(req), partnershipOf(req), read.table);
        if (!out.id) return renderUpload(req, res, out.errors.join('. '));
        res.redirect(303, paths.children.importPreview(out.id));
      },
    },
    {
      method: 'get',
      path: '/children/import/:id',
      access: 'child:import',
      audit: 'none: the uploader’s own file (its upload is audited, naming the children it found already held) or the result of its import (audited)',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        const staged = isUuid(id) ? await imports.find(actorOf(req), id) : undefined;
        if (!staged) return notFound(res);
        const p = partnershipOf(req);
        if (staged.result) {
          return res.render('children/import/views/result.njk', {
            counts: staged.result.counts,
            children: staged.createdChildren,
            childRows: staged.createdChildren.map((c) => [
              { html: `<a class="govuk-link" href="${paths.children.show(c.id)}">${c.reference}</a>` },
              { text: `${c.first_name} ${c.last_name}` },
            ]),
          });
        }
        const rows = staged.rows ?? [];
        const ready = rows.filter((r) => r.status === 'ready');
        res.render('children/import/views/preview.njk', {
          id,
          counts: importCounts(rows),
          likely: rows.filter((r) => r.status === 'likely'),
          notImported: rows.filter((r) => r.status !== 'ready' && r.status !== 'likely'),
          ready: ready.slice(0, shownReady),
          districtNames: districtNames(p),
        });
      },
    },
    {
      method: 'post',
      path: '/children/import/:id',
      access: 'child:import',
      audit: 'child.import',
      handler: async (req: Request, res: Response) => {
        const id = str(req.params.id);
        // Issue 15 item 13: rows likely already recorded are imported only when ticked.
        const ticked = ([] as unknown[]).concat(objectOf(req.body).importAnyway ?? []).map((v) => Number(str(v)));
        const anyway = new Set(ticked.filter((n) => Number.isInteger(n) && n > 0));
        const result = isUuid(id) ? await imports.confirm(actorOf(req), partnershipOf(req), id, anyway) : undefined;
        if (!result) return notFound(res);
        res.redirect(303, paths.children.importPreview(id));
      },
    },
  ];
}
