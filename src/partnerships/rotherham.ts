import type { PartnershipInput } from './schema.ts';
import { commonLists } from './common-lists.ts';
import { EXAMPLE_VAT_FACTORS } from '../domain/vat/vat.ts';

/** Rotherham (source 002): VAT completed by the chair, one weekly MACE on Thursdays. */
export const rotherham: PartnershipInput = {
  id: 'rotherham',
  name: 'Rotherham MACE',
  shortName: 'Rotherham',
  assessmentTools: ['vat'],
  // DOMAIN §4: VAT bands, reviews and assessments.
  reports: ['rotherham'],
  districts: [{ id: 'rotherham', name: 'Rotherham' }],
  agencies: [
    { id: 'evolve', name: 'Evolve team (children’s social care)', kind: 'social-care' },
    { id: 'police-cse', name: 'South Yorkshire Police – CSE team', kind: 'police' },
    { id: 'yjs', name: 'Youth Justice Service', kind: 'youth-justice' },
    { id: 'early-help', name: 'Early Help', kind: 'early-help' },
    { id: 'camhs', name: 'CAMHS', kind: 'health' },
    { id: 'health-0-19', name: '0–19 health (CSE nurse)', kind: 'health' },
    { id: 'housing', name: 'Housing', kind: 'housing' },
    { id: 'education', name: 'Education', kind: 'education' },
    { id: 'divert', name: 'Divert (drugs and alcohol)', kind: 'health' },
    { id: 'barnardos', name: 'Barnardo’s', kind: 'voluntary' },
  ],
  meetingTypes: [
    {
      id: 'mace',
      name: 'MACE',
      cadence: 'Every Thursday, 9:30am to 1pm (initial 45 minutes, review 15 minutes)',
      rule: 'FREQ=WEEKLY;BYDAY=TH',
      startTime: '09:30',
      firstDate: '2026-01-01',
      skipBankHolidays: true,
      durationMinutes: 210,
      // DOMAIN §4: the chair completes the VAT at MACE.
      instrument: 'vat',
      // 002 §2.2: chaired alternately by the Evolve team manager or the detective sergeant, CSE team; in their absence by the
      // YJS coordinator or a nominated Evolve social worker.
      chairs: { roles: ['Evolve team manager', 'Detective sergeant, CSE team'], deputy: 'YJS coordinator or a nominated Evolve social worker' },
    },
  ],
  // 002 §4.7: "If outcome is Medium or High for exploitation, there will be a discussion around the type of exploitation".
  riskTypeLevels: ['medium', 'high'],
  reviewIntervals: {
    high: { value: 1, unit: 'months' },
    medium: { value: 3, unit: 'months' },
    low: { value: 6, unit: 'months' },
  },
  routes: [
    {
      id: 'mash',
      name: 'MASH',
      email: 'mash@rotherham.example.org',
      description: 'Referral route, including looked after children placed by another authority.',
    },
    {
      id: 'ymarac',
      name: 'YMARAC (Youth Justice Service)',
      email: 'ymarac@rotherham.example.org',
      description: 'Children showing harmful sexual behaviour: fortnightly YMARAC, not MACE.',
    },
    { id: 'early-help', name: 'Early Help and preventative services', description: 'Low risk.' },
    { id: 'nrm', name: 'National Referral Mechanism', description: 'Consider for high risk.' },
  ],
  coordinatorsInbox: 'mace-business-support@rotherham.example.org',
  // Issue 14: who another partnership speaks to about a child both hold (disclosed once both confirm a match).
  tracker: { contact: { name: 'Rotherham Evolve team', role: 'MACE coordinator', email: 'evolve@rotherham.example.org', phone: '01632 960 202' } },
  requireSecondFactor: false,
  // DOMAIN §4: an initial presentation takes a 45-minute slot, a review 15 minutes.
  agendaSlots: { initial: 45, review: 15, location: 15 },
  map: { centre: [53.43, -1.36], zoom: 12 },
  lists: commonLists,
  footerLinks: [
    { text: 'Privacy notice', href: '/help/privacy' },
    { text: 'Accessibility statement', href: '/help/accessibility' },
    { text: 'Help', href: '/help' },
  ],
  // AN EXAMPLE to replace: the source does not list the national tracker's factors (DOMAIN §4).
  vatFactors: { example: EXAMPLE_VAT_FACTORS.example, version: 'example-2026', note: EXAMPLE_VAT_FACTORS.note, factors: [...EXAMPLE_VAT_FACTORS.factors] },
};
