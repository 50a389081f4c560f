import { z } from 'zod';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { isRealDate, str, objectOf, readDateInput, dateInput, formFields, formTrimmed } from '../../platform/validation.ts';
import { todayIso, ageOn } from '../../platform/dates.ts';
import { checkNhsNumber, checkUpn, type IdentifierCheck } from '../../domain/identifiers/identifiers.ts';

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

const oneOf = (values: readonly string[], message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || values.includes(v), message);

/** An optional identifier checked by its rule (domain/identifiers): blank is undefined; else its normalised value, or the rule's message. */
const identifier = (check: (v: string) => IdentifierCheck, description: string) =>
  z
    .string()
    .max(40, 'Enter the number as it is written, without anything else')
    .optional()
    .transform((v, ctx) => {
      if (!v || !v.trim()) return undefined;
      const r = check(v);
      if (r.ok) return r.value;
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    })
    .describe(description);

/** A date of birth, an ISO date or empty: real, in the past, within the last 25 years. */
const dateOfBirth = z
  .string()
  .transform((v) => (v ? v : undefined))
  .refine((v) => v === undefined || isRealDate(v), 'Date of birth must be a real date, like 2010-03-27')
  .refine((v) => v === undefined || v <= todayIso(), 'Date of birth must be in the past')
  .refine((v) => v === undefined || !isRealDate(v) || ageOn(v) <= 25, 'Date of birth must be within the last 25 years');

/**
 * A name as people write it: anything but the angle brackets of markup (issue 15 item 14). A name with < or > is
 * refused with a gentle message rather than stored (it would be shown safely, but is never a name).
 */
const personName = (label: string, requiredMessage: string) =>
  z
    .string({ error: requiredMessage })
    .trim()
    .min(1, requiredMessage)
    .max(100, `${label} must be 100 characters or fewer`)
    .refine((v) => !/[<>]/.test(v), `${label} must not include < or >`);

/** Section B of the RFM (DOMAIN §3.2) plus the lead professional: one schema for the form and the API (dateOfBirth an ISO date). */
export function childSchema(p: PartnershipConfig) {
  return z.object({
    firstName: personName('First name', 'Enter the child’s first name'),
    lastName: personName('Last name', 'Enter the child’s last name'),
    dateOfBirth: z
      .string()
      .optional()
      .transform((v) => v ?? '')
      .pipe(dateOfBirth),
    // Issue 14: strong identifiers the national tracker matches on, when recorded (personal data: never in a URL or a log).
    nhsNumber: identifier(
      checkNhsNumber,
      'The child’s NHS number: 10 digits (spaces allowed), checked by its modulus 11 check digit; stored and returned as 10 digits',
    ),
    upn: identifier(
      checkUpn,
      'The child’s unique pupil number (DfE): 13 characters, a check letter, 11 digits, a digit or (temporary UPN) a letter; checked by its check letter; stored and returned in capitals',
    ),
    districtId: z
      .string({ error: 'Select the district' })
      .min(1, 'Select the district')
      .refine((v) => p.districts.some((d) => d.id === v), 'Select a district from the list'),
    gender: oneOf(p.lists.gender, 'Select a gender from the list'),
    ethnicity: oneOf(p.lists.ethnicity, 'Select an ethnicity from the list'),
    sexualIdentity: optionalText(100, 'Sexual identity'),
    nationality: optionalText(100, 'Nationality'),
    disability: optionalText(500, 'Disability'),
    primaryRisk: oneOf(['CSE', 'CCE', 'Other'], 'Primary risk must be CSE, CCE or Other'),
    livingSituation: oneOf(p.lists.livingSituation, 'Select a living situation from the list'),
    eetStatus: oneOf(p.lists.eetStatus, 'Select an education, employment or training status from the list'),
    educationSetting: optionalText(200, 'Education setting'),
    legalStatus: oneOf(p.lists.legalStatus, 'Select a legal status from the list'),
    specialEducationalNeeds: optionalText(500, 'Special educational needs'),
    childContact: optionalText(500, 'Child’s contact details'),
    parentContact: optionalText(1000, 'Parent or carer contact details'),
    leadProfessionalName: optionalText(200, 'Lead professional’s name'),
    leadProfessionalAgencyId: oneOf(
      p.agencies.map((a) => a.id),
      'Select the lead professional’s agency from the list',
    ),
    leadProfessionalContact: optionalText(500, 'Lead professional’s contact details'),
  });
}
export type ChildInput = z.infer<ReturnType<typeof childSchema>>;

/** The child form: each field as text, the date of birth a GOV.UK date input (its own error first). */
export const childForm = (p: PartnershipConfig) => {
  const api = childSchema(p);
  return z.preprocess(
    (b) => {
      const o = objectOf(b);
      return { ...Object.fromEntries(Object.keys(api.shape).map((k) => [k, str(o[k])])), dateOfBirth: readDateInput(o, 'dateOfBirth', 'Date of birth') };
    },
    api.extend({ dateOfBirth: dateInput.pipe(dateOfBirth) }),
  );
};

/** The child form as typed, to show back: each field's text, the date of birth's ISO date when it is one and its parts. */
export function childFormValues(p: PartnershipConfig, body: Record<string, unknown>) {
  const dob = readDateInput(body, 'dateOfBirth', 'Date of birth');
  const raw: Record<string, string> = {};
  for (const k of Object.keys(childSchema(p).shape)) raw[k] = str(body[k]);
  raw.dateOfBirth = dob.value ?? '';
  return { ...raw, dob: dob.parts };
}

/** An alias or nickname of the child. */
export const aliasSchema = z.object({
  alias: personName('Alias', 'Enter the alias or nickname'),
  kind: z.enum(['alias', 'nickname'], { error: 'Select whether this is an alias or a nickname' }),
});

/** An address the child lived at (the page's form): the dates GOV.UK date inputs, each with its own error first. */
export const addressForm = z.preprocess(
  (b) => {
    const o = objectOf(b);
    return {
      address: str(o.address),
      postcode: str(o.postcode),
      fromDate: readDateInput(o, 'fromDate', 'Date moved in'),
      toDate: readDateInput(o, 'toDate', 'Date moved out'),
    };
  },
  z
    .object({
      address: z.string().trim().min(1, 'Enter the address').max(500, 'Address must be 500 characters or fewer'),
      postcode: z
        .string()
        .trim()
        .toUpperCase()
        .transform((v) => (v ? v : undefined))
        .refine((v) => v === undefined || /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/.test(v), 'Enter a real postcode, like ST16 2AB'),
      fromDate: dateInput.pipe(
        z
          .string()
          .min(1, 'Enter the date the child started living here')
          .refine(isRealDate, 'Date moved in must be a real date')
          .refine((v) => v <= todayIso(), 'Date moved in must be today or in the past'),
      ),
      toDate: dateInput.pipe(
        z
          .string()
          .transform((v) => (v ? v : undefined))
          .refine((v) => v === undefined || isRealDate(v), 'Date moved out must be a real date'),
      ),
    })
    .refine((a) => !a.toDate || a.toDate >= a.fromDate, { message: 'Date moved out must be the same as or after the date moved in', path: ['toDate'] }),
);

/** An agency working with the child, with its allocated worker. */
export function agencySchema(p: PartnershipConfig) {
  return z.object({
    agencyId: z
      .string({ error: 'Select the agency' })
      .min(1, 'Select the agency')
      .refine((v) => p.agencies.some((a) => a.id === v), 'Select an agency from the list'),
    workerName: optionalText(200, 'Allocated worker'),
    workerContact: optionalText(500, 'Contact details'),
  });
}

/** The children's search from its page (kept in the session). */
export const searchSchema = z.object({
  q: z.string().trim().max(200, 'Search must be 200 characters or fewer').default(''),
  districtId: z.string().trim().max(100).default(''),
});

/**
 * Why a record is closed (DOMAIN §6, thresholding's "remove from MACE": risk reduced, the child moved away, now low
 * risk), and reaching adulthood; "other" needs its details.
 */
export const closeReasons = {
  'risk-reduced': 'Concerns have reduced: the child is now at low risk of exploitation',
  'moved-away': 'The child has moved out of the area',
  adult: 'The child is now an adult',
  other: 'Another reason',
} as const;
export type CloseReason = keyof typeof closeReasons;

export const closeSchema = z
  .object({
    reason: z.enum(Object.keys(closeReasons) as [CloseReason, ...CloseReason[]], { error: 'Select why the record is being closed' }),
    details: optionalText(1000, 'Details'),
  })
  .refine((c) => c.reason !== 'other' || !!c.details, { message: 'Enter why the record is being closed', path: ['details'] });

export const reopenSchema = z.object({
  reason: z
    .string({ error: 'Enter why the record is being reopened' })
    .trim()
    .min(1, 'Enter why the record is being reopened')
    .max(1000, 'Reason must be 1,000 characters or fewer'),
});

/** GET /api/v1/audit: the child whose audit trail is read. */
export const auditQuery = z.object({ childId: z.string().uuid('childId must be a child id') });

/** Issue 16 item 11 (break-glass): the reason a user gives to open a record their agency is not involved with. */
export const accessReasonSchema = formFields({
  reason: formTrimmed
    .refine((v) => v.length > 0, 'Enter why you need to see this record')
    .refine((v) => v.length <= 500, 'The reason must be 500 characters or fewer')
    // a NUL cannot be stored, and other control characters are no part of a reason
    .refine((v) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(v), 'Enter the reason as plain text'),
});
