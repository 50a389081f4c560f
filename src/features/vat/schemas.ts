import { versionOf } from '../../platform/http.ts';
import { z } from 'zod';
import { formText, formFields, objectOf, str } from '../../platform/validation.ts';
import { PLACING_AUTHORITY_MAX, readVatForm, type VatContent } from './content.ts';
import type { VatFactor } from '../../domain/vat/vat.ts';
import { isRiskType } from '../../domain/risk/levels.ts';

const issue = (ctx: z.RefinementCtx, field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });

/** The start page as typed, to show back. */
export const startValues = (b: Record<string, unknown>) => ({
  harmfulSexualBehaviour: str(b.harmfulSexualBehaviour),
  placed: str(b.placed),
  placingAuthority: str(b.placingAuthority).trim(),
});

/**
 * Before a VAT (DOMAIN §4): does the child show harmful sexual behaviour (then it is not for MACE), and if not, were they placed
 * here by another local authority, and which. The placing authority is kept only when placed.
 */
export const startForm = formFields({
  harmfulSexualBehaviour: formText,
  placed: formText,
  placingAuthority: formText.transform((v) => v.trim()),
})
  .superRefine((v, ctx) => {
    if (!['yes', 'no'].includes(v.harmfulSexualBehaviour)) issue(ctx, 'harmfulSexualBehaviour', 'Select yes if the child shows harmful sexual behaviour');
    if (v.harmfulSexualBehaviour === 'yes') return;
    if (!['yes', 'no'].includes(v.placed)) issue(ctx, 'placed', 'Select yes if the child is looked after and was placed here by another local authority');
    else if (v.placed === 'yes' && !v.placingAuthority) issue(ctx, 'placingAuthority', 'Enter the placing authority');
    else if (v.placed === 'yes' && v.placingAuthority.length > PLACING_AUTHORITY_MAX)
      issue(ctx, 'placingAuthority', `Placing authority must be ${PLACING_AUTHORITY_MAX} characters or fewer`);
  })
  .transform((v) => ({ harmfulSexualBehaviour: v.harmfulSexualBehaviour === 'yes', placingAuthority: v.placed === 'yes' ? v.placingAuthority : null }));

/** The start page's anchors in the error summary. */
export const startAnchors = { harmfulSexualBehaviour: 'harmfulSexualBehaviour', placed: 'placed' };

/**
 * The VAT form (its factors ticked with the date of the evidence, the adjustment and its rationale, the assessment date) over the
 * draft's content `base`, and the version read. Its rules are readVatForm's (content.ts: the document's own checks on what could
 * be read, one message a field, in the form's order); a form out of date is said last.
 */
export const vatForm = (factors: readonly VatFactor[], base: VatContent) =>
  z.preprocess(
    objectOf,
    z.record(z.string(), z.unknown()).transform((b, ctx) => {
      const { content, errors } = readVatForm(b, factors, base);
      for (const e of errors) issue(ctx, e.field, e.message);
      const version = versionOf(b) ?? NaN;
      if (!Number.isInteger(version)) issue(ctx, 'version', 'The form is out of date: reload the page');
      return errors.length || !Number.isInteger(version) ? z.NEVER : { content, version };
    }),
  );

/** The VAT form as typed, to show back, and the version it read (NaN when it read none). */
export const vatValues = (b: Record<string, unknown>, factors: readonly VatFactor[], base: VatContent) => ({
  values: readVatForm(b, factors, base).values,
  version: versionOf(b) ?? NaN,
});

/**
 * The VAT's decision (the check page's submission, DOMAIN §4): the version read, and the type of exploitation when the outcome
 * asks it (002 §4.7: "If outcome is Medium or High … a discussion around the type of exploitation"; `asked` from the partnership's
 * levels). Below those levels the type is neither asked nor kept.
 */
export const decisionForm = (asked: boolean, message: string) =>
  formFields({ riskType: formText })
    .superRefine((v, ctx) => {
      if (asked && !isRiskType(v.riskType)) issue(ctx, 'riskType', message);
    })
    .transform((v) => ({ riskType: asked && isRiskType(v.riskType) ? v.riskType : null }));
