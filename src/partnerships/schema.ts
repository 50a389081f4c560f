import { z } from 'zod';
import { validateVatFactors } from '../domain/vat/vat.ts';
import { packKinds } from '../domain/packs/packs.ts';
import { INSTRUMENTS } from '../domain/risk/levels.ts';
import { minutesRecords, minutesDeadlines } from '../domain/meeting/minutes.ts';
import { reportKinds } from '../domain/reports/kinds.ts';

const id = z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and hyphens');
const email = z
  .string()
  .email()
  .refine((e) => e.endsWith('.example.org') || e.endsWith('@example.org'), {
    message: 'demo and test configuration uses example.org addresses only',
  });

const agencyKinds = [
  'police',
  'social-care',
  'health',
  'education',
  'youth-justice',
  'voluntary',
  'housing',
  'early-help',
  'local-authority',
  'other',
] as const;

export const partnershipSchema = z
  .object({
    id,
    name: z.string().min(1),
    shortName: z.string().min(1),
    /**
     * DOMAIN §1: which assessment instrument(s) the partnership uses. The first is the one a meeting grades risk
     * with when its type names none (a meeting of another type).
     */
    assessmentTools: z.array(z.enum(INSTRUMENTS)).min(1),
    /** DOMAIN §4–§6: the reports the partnership has (features/reports builds each kind); none unless configured. */
    reports: z.array(z.enum(reportKinds)).default([]),
    districts: z.array(z.object({ id, name: z.string().min(1) })).min(1),
    agencies: z.array(z.object({ id, name: z.string().min(1), kind: z.enum(agencyKinds) })).min(1),
    /**
     * Issue 15 item 22 (DOMAIN §3.4): the CSE service offer, where the partnership has one (Staffordshire): a triage
     * decision routing a child to `route` opens the CE team's 8-week programme of direct work.
     */
    cseService: z.object({ route: z.string().min(1), teamName: z.string().min(1) }).optional(),
    meetingTypes: z
      .array(
        z.object({
          id,
          name: z.string().min(1),
          /** A human statement of the cadence, and its machine form (the rule, an RRULE, dates the series' meetings: features/meetings). */
          cadence: z.string().min(1),
          rule: z.string().min(1),
          durationMinutes: z.number().int().positive(),
          perDistrict: z.boolean().default(false),
          /** Local start time 'HH:MM' (Europe/London); a rule may instead end in ';T=HH:MM'. */
          startTime: z
            .string()
            .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM')
            .optional(),
          /** The date the rule counts from: for fortnightly series, the first meeting of the cycle. */
          firstDate: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
            .optional(),
          /** England and Wales bank holidays are not meeting days in the series. */
          skipBankHolidays: z.boolean().default(false),
          /**
           * Issue 15 item 19 (DOMAIN §5): what a bank holiday does to a meeting the rule puts on it, when skipBankHolidays is set:
           * 'skip' leaves it out (a daily or weekly meeting), 'next-working-day' moves it and marks it so on the meetings page
           * (the Monthly on the fourth Tuesday, the FORM: never dropped).
           */
          onBankHoliday: z.enum(['skip', 'next-working-day']).default('skip'),
          /** Days from the rule's dates to the meeting (a thresholding meeting a week before its panel: -7). */
          offsetDays: z.number().int().min(-60).max(60).default(0),
          /** Where the meeting is held (e.g. "Microsoft Teams"), shown on the meeting and its invitation. */
          location: z.string().optional(),
          /**
           * DOMAIN §5: what must go out before each meeting, and by when: 'previous-working-day' (the DRMM case
           * list by 16:00 the previous working day) or 'monday-before' (the FORM document, the Monthly pack).
           * Reminders go when it is near and the meeting's agenda is not yet published.
           */
          deadline: z
            .object({
              rule: z.enum(['previous-working-day', 'monday-before']),
              time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
              what: z.string().min(1),
              /** The document pack that goes out by the deadline (features/packs): the case list, the FORM document, the Monthly data set. */
              pack: z.enum(packKinds).optional(),
            })
            .optional(),
          /** DOMAIN §1, §4–§6: the instrument a risk decision at this meeting grades with (one of `assessmentTools`; none: the first). */
          instrument: z.enum(INSTRUMENTS).optional(),
          /**
           * DOMAIN §5: the meeting's minutes: `record` 'full' (attendance, what each agency shared, the decision and the
           * actions) or 'actions-only' (the Monthly Exploitation Meeting); `due` 'same-day' when they go to attendees
           * the day of the meeting (the Monthly), 'none' when no deadline is set.
           */
          minutes: z
            .object({ record: z.enum(minutesRecords).default('full'), due: z.enum(minutesDeadlines).default('none') })
            .default({ record: 'full', due: 'none' }),
          /**
           * Issue 15 item 20 (DOMAIN §4–§6): who chairs the meeting. `roles` take turns in order, one per meeting (one role: it
           * chairs every meeting); `deputy` chairs in the chair's absence; `coChair` co-chairs every meeting. The defaults of a
           * series' chair rota, whose named users are data (set on the series' page).
           */
          chairs: z
            .object({
              roles: z.array(z.string().min(1).max(200)).min(1),
              deputy: z.string().min(1).max(200).optional(),
              coChair: z.string().min(1).max(200).optional(),
            })
            .optional(),
          /**
           * Issue 15 item 23 (DOMAIN §5; 004's agendas): the meeting's standing agenda, in order (introductions … any other
           * business). The one item marked `cases` is where the running order of children, groups and locations is taken.
           */
          standingAgenda: z
            .array(z.object({ title: z.string().min(1).max(200), cases: z.boolean().default(false) }))
            .refine((items) => items.filter((i) => i.cases).length <= 1, 'at most one standing item takes the cases')
            .optional(),
          /** Per-district timing of a perDistrict type, so that district panels do not clash. */
          districtOverrides: z
            .record(
              z.string(),
              z.object({
                rule: z.string().min(1).optional(),
                firstDate: z
                  .string()
                  .regex(/^\d{4}-\d{2}-\d{2}$/)
                  .optional(),
                startTime: z
                  .string()
                  .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
                  .optional(),
              }),
            )
            .optional(),
        }),
      )
      .default([]),
    /**
     * DOMAIN §4 (source 002 §4.7): the outcomes at which the type of exploitation is asked and required, with the VAT's
     * decision and the CE risk assessment ("If outcome is Medium or High … a discussion around the type of exploitation").
     * None: the type is not asked there.
     */
    riskTypeLevels: z.array(z.enum(['low', 'medium', 'high'])).default([]),
    /** Months (or weeks) until the next review by risk level. */
    reviewIntervals: z.object({
      high: z.object({ value: z.number().int().positive(), unit: z.enum(['weeks', 'months']) }),
      medium: z.object({ value: z.number().int().positive(), unit: z.enum(['weeks', 'months']) }),
      low: z.object({ value: z.number().int().positive(), unit: z.enum(['weeks', 'months']) }),
    }),
    routes: z.array(z.object({ id, name: z.string().min(1), email: email.optional(), description: z.string().min(1) })).default([]),
    coordinatorsInbox: email,
    /**
     * Issue 14: the national tracker. `contact`: who the other partnership should speak to about a child both hold,
     * disclosed (sealed) only once both coordinators confirm a match; the coordinators' inbox when none is configured.
     */
    tracker: z
      .object({
        contact: z.object({
          name: z.string().min(1).optional(),
          role: z.string().min(1).optional(),
          email: email.optional(),
          phone: z.string().min(1).optional(),
        }),
      })
      .optional(),
    requireSecondFactor: z.boolean().default(false),
    /**
     * Issue 16: signing in. `passwords`: whether this partnership's users may sign in with a password (turn it off once
     * every user signs in through the provider). `oidc`: how an OpenID Connect provider's users are recognised; the provider
     * itself (issuer, client id and secret) comes from the environment: OIDC_<PARTNERSHIP>_ISSUER, _CLIENT_ID, _CLIENT_SECRET.
     * `matchClaim`: the claim naming the user (the verified email, or a provider's id such as Entra ID's `oid`, kept on the
     * account at its first sign-in by verified email). `secondFactor`: the `amr` values (any) or `acr` values that show the
     * provider checked a second factor; otherwise a partnership that requires one asks for the product's own code.
     * `createUsers`: an unknown user is created (in `agencyId`) with the roles mapped from `rolesClaim`; without it, refused.
     */
    signIn: z
      .object({
        passwords: z.boolean().default(true),
        oidc: z
          .object({
            label: z.string().min(1).default('your organisation’s account'),
            matchClaim: z
              .string()
              .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
              .default('email'),
            secondFactor: z.object({ amr: z.array(z.string().min(1)).default(['mfa']), acr: z.array(z.string().min(1)).default([]) }).prefault({}),
            createUsers: z
              .object({ agencyId: id, rolesClaim: z.string().min(1).default('roles'), roleMap: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)) })
              .optional(),
          })
          .prefault({}),
      })
      .prefault({}),
    /**
     * DOMAIN §2 and §6: the agencies asked for lateral checks when a child is referred to a panel
     * (pre-MACE thresholding). Ids of `agencies`; none unless configured.
     */
    lateralCheckAgencies: z.array(id).default([]),
    /**
     * DOMAIN §3.3: a CE referral needs an "updated RFM" (001), one completed or reviewed within this many months. Six by
     * default: an RFM details six months' information and is renewed after six months (001); no source gives another number.
     */
    ceReferralRfmMaxAgeMonths: z.number().int().min(1).max(12).default(6),
    /** DOMAIN §3.4, §6 (001, 003): MACE is for children under 18; shown when an RFM, referral or panel would take a young person aged 18 or over. */
    adultSupportText: z
      .string()
      .min(10)
      .default(
        'For a young person aged 18 or over, contact adult social care or the safeguarding adults team of the council where they live, or the police if they are in immediate danger.',
      ),
    /** DOMAIN §4, §6: agenda slot lengths in minutes (Rotherham: initial 45, review 15). */
    agendaSlots: z
      .object({ initial: z.number().int().min(5).max(240), review: z.number().int().min(5).max(240), location: z.number().int().min(5).max(240) })
      .default({ initial: 30, review: 15, location: 20 }),
    /** DOMAIN §6: the agreement each attendee accepts at the start of each meeting; the version is stored with each acceptance. */
    confidentialityAgreement: z.object({ version: z.string().min(1), text: z.string().min(20) }).default({
      version: '2026-1',
      text: 'I understand that everything discussed in this meeting is confidential. I will use what I learn only to safeguard children and disrupt exploitation, I will not pass it on except to my own agency as the law allows, and I will record and store it securely.',
    }),
    /** DOMAIN §5: audio recordings of each child's discussion (LLR). */
    recordings: z.object({ enabled: z.boolean(), maxBytes: z.number().int().positive() }).default({ enabled: false, maxBytes: 50 * 1024 * 1024 }),
    /** DOMAIN §5, §7: the protective marking on every export and page of a pack, and whether printing is allowed. */
    marking: z
      .object({ text: z.string().min(1), notice: z.string().optional(), printingAllowed: z.boolean() })
      .default({ text: 'OFFICIAL-SENSITIVE', printingAllowed: true }),
    /**
     * DOMAIN §7 (issue 16 item 11): the roles asked for a reason (break-glass) before a record opens when their agency is
     * not involved with the child (not the lead's agency, not one of the child's agencies, no action or meeting item).
     * Coordinators, chairs and panel administrators are never asked (domain/access/reason.ts). None by default.
     */
    reasonForAccess: z.object({ roles: z.array(z.string()).default([]) }).default({ roles: [] }),
    /**
     * DOMAIN §7 (issue 16 item 12; UK GDPR Art. 5(1)(e)): how long a child's record is kept — until the birthday at
     * `untilAge` and/or `yearsAfterLastActivity` after the last thing recorded (both set: until both have passed). The
     * nightly retention job erases a record on that date unless a coordinator has placed a hold. By default until the
     * 25th birthday (the common guidance for children's social care records; each partnership's own policy decides).
     */
    retention: z
      .object({ untilAge: z.number().int().min(18).max(100).optional(), yearsAfterLastActivity: z.number().int().min(1).max(100).optional() })
      .refine((r) => r.untilAge !== undefined || r.yearsAfterLastActivity !== undefined, 'retention needs untilAge or yearsAfterLastActivity')
      .default({ untilAge: 25 }),
    /** Issue #7: reports that leave the partnership suppress counts below this; a report's period may be at most this long. */
    reporting: z
      .object({ smallNumberThreshold: z.number().int().min(0).max(20), maxPeriodDays: z.number().int().min(1).max(3660) })
      .default({ smallNumberThreshold: 5, maxPeriodDays: 731 }),
    /** Issue #6: the map's tile server (none: the map still shows markers on a plain background), centre and zoom. */
    map: z
      .object({
        tileUrl: z.string().optional(),
        attribution: z.string().optional(),
        centre: z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)]),
        zoom: z.number().int().min(1).max(18),
      })
      .optional(),
    /** Drop-down values the source leaves as "Choose an item." (DOMAIN §3.2). */
    lists: z.object({
      gender: z.array(z.string()).min(1),
      ethnicity: z.array(z.string()).min(1),
      livingSituation: z.array(z.string()).min(1),
      eetStatus: z.array(z.string()).min(1),
      legalStatus: z.array(z.string()).min(1),
    }),
    footerLinks: z.array(z.object({ text: z.string(), href: z.string() })).default([]),
    /**
     * DOMAIN §4: the VAT's factors are configuration (the national tracker holds the real list).
     * `example: true` marks an invented set that must be replaced; it is said so on every VAT page.
     */
    vatFactors: z
      .object({
        example: z.boolean(),
        /** Written into each VAT as its instrument_version. */
        version: z.string().min(1),
        note: z.string().optional(),
        factors: z.array(z.object({ id, name: z.string().min(1), weight: z.number().int(), category: z.string().min(1) })).min(1),
      })
      .superRefine((v, ctx) => {
        for (const message of validateVatFactors(v.factors)) ctx.addIssue({ code: 'custom', path: ['factors'], message });
      })
      .optional(),
  })
  .superRefine((p, ctx) => {
    // A meeting grades risk with an instrument the partnership uses.
    p.meetingTypes.forEach((t, i) => {
      if (t.instrument && !p.assessmentTools.includes(t.instrument)) {
        ctx.addIssue({ code: 'custom', path: ['meetingTypes', i, 'instrument'], message: `${t.instrument} is not one of the partnership's assessmentTools` });
      }
    });
    // The CSE service opens from a route triage can choose.
    if (p.cseService && !p.routes.some((r) => r.id === p.cseService!.route)) {
      ctx.addIssue({ code: 'custom', path: ['cseService', 'route'], message: `${p.cseService.route} is not one of the partnership's routes` });
    }
  });

export type PartnershipConfig = z.infer<typeof partnershipSchema>;
export type PartnershipInput = z.input<typeof partnershipSchema>;
