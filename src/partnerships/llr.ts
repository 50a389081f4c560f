import type { PartnershipInput } from './schema.ts';
import { commonLists } from './common-lists.ts';

/** Leicester, Leicestershire & Rutland (source 004): intake, THRIVE at the DRMM, FORM, Monthly Exploitation Meeting. */
export const llr: PartnershipInput = {
  id: 'llr',
  name: 'Leicester, Leicestershire and Rutland MACE Hub',
  shortName: 'LLR',
  assessmentTools: ['thrive'],
  // DOMAIN §5: the FORM document and the Monthly Exploitation Meeting's data set.
  reports: ['form', 'monthly'],
  districts: [
    { id: 'leicester-city', name: 'Leicester City' },
    { id: 'leicestershire', name: 'Leicestershire County' },
    { id: 'rutland', name: 'Rutland' },
  ],
  agencies: [
    { id: 'police', name: 'Leicestershire Police', kind: 'police' },
    { id: 'city-social-care', name: 'Leicester City children’s social care', kind: 'social-care' },
    { id: 'county-social-care', name: 'Leicestershire County children’s social care', kind: 'social-care' },
    { id: 'rutland-social-care', name: 'Rutland children’s social care', kind: 'social-care' },
    { id: 'health', name: 'Health', kind: 'health' },
    { id: 'education', name: 'Education', kind: 'education' },
    { id: 'yjs', name: 'Youth Justice Service', kind: 'youth-justice' },
  ],
  meetingTypes: [
    // Whether the DRMM runs on bank holidays is not stated (DOMAIN §5): configuration.
    {
      id: 'drmm',
      name: 'Daily Risk Management Meeting',
      cadence: 'Monday to Friday, 9am, one hour',
      rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
      startTime: '09:00',
      firstDate: '2026-01-05',
      skipBankHolidays: true,
      durationMinutes: 60,
      instrument: 'thrive',
      deadline: { rule: 'previous-working-day', time: '16:00', what: 'the case list to partners', pack: 'case-list' },
      // 004: chaired by a detective sergeant or police staff equivalent experienced in child protection investigations.
      chairs: { roles: ['Detective sergeant or police staff equivalent'] },
      // 004: the DRMM's agenda.
      standingAgenda: [
        { title: 'Introductions' },
        { title: 'Case discussion via THRIVE and information sharing', cases: true },
        { title: 'Risk assessment' },
        { title: 'Agree actions, priorities, ownership and timescales' },
        { title: 'Any other business' },
      ],
    },
    // The fortnight's starting date is configuration (DOMAIN §5).
    {
      id: 'form',
      name: 'Fortnightly Operational Review Meeting',
      cadence: 'Every other Wednesday, 10:30am to 12pm',
      rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE',
      startTime: '10:30',
      firstDate: '2026-01-14',
      skipBankHolidays: true,
      // A FORM on a bank holiday moves to the next working day rather than leaving four weeks between reviews (issue 15, item 19).
      onBankHoliday: 'next-working-day',
      durationMinutes: 90,
      instrument: 'thrive',
      deadline: { rule: 'monday-before', time: '17:00', what: 'the CE and Missing document', pack: 'form' },
      // 004: chaired by a detective inspector from the CE Hub and service managers within LLR on a rota basis.
      chairs: { roles: ['Detective inspector, CE Hub', 'Service manager'] },
      // 004: the FORM's agenda.
      standingAgenda: [
        { title: 'Introductions' },
        { title: 'Case discussion via THRIVE and information sharing', cases: true },
        { title: 'Agree actions, priorities, ownership and timescales' },
        { title: 'Any other business' },
      ],
    },
    // DOMAIN §5: the Monthly records actions only, and its minutes go to attendees the same day.
    {
      id: 'monthly',
      name: 'Monthly Exploitation Meeting',
      cadence: 'Fourth Tuesday of the month, 10am to 11:30am',
      rule: 'FREQ=MONTHLY;BYDAY=4TU',
      startTime: '10:00',
      firstDate: '2026-01-01',
      skipBankHolidays: true,
      // A fourth Tuesday that is a bank holiday (28 December 2027) moves to the next working day: never dropped (issue 15, item 19).
      onBankHoliday: 'next-working-day',
      durationMinutes: 90,
      instrument: 'thrive',
      minutes: { record: 'actions-only', due: 'same-day' },
      deadline: { rule: 'monday-before', time: '17:00', what: 'the relevant persons and locations', pack: 'monthly' },
      // 004: chaired by the DCI for Child Safeguarding and Exploitation, co-chaired by the LLR heads of service.
      chairs: { roles: ['DCI for Child Safeguarding and Exploitation'], coChair: 'LLR heads of service' },
    },
  ],
  reviewIntervals: {
    high: { value: 2, unit: 'weeks' },
    medium: { value: 1, unit: 'months' },
    low: { value: 3, unit: 'months' },
  },
  routes: [
    {
      id: 'exploitation-team',
      name: 'Police exploitation team',
      email: 'exploitation-team@llr.example.org',
      description: 'Concerns with exploitation indicators, or with previous CE concerns.',
    },
    {
      id: 'npa',
      name: 'Neighbourhood Policing Area',
      email: 'npa@llr.example.org',
      description: 'Medium risk: referral summarising risk, safeguarding and disruption options.',
    },
  ],
  coordinatorsInbox: 'exploitation-coordinators@llr.example.org',
  // Issue 14: who another partnership speaks to about a child both hold (disclosed once both confirm a match).
  tracker: { contact: { name: 'LLR exploitation hub', role: 'Exploitation coordinator', email: 'exploitation-hub@llr.example.org', phone: '01632 960 303' } },
  requireSecondFactor: false,
  // DOMAIN §5: each child's discussion is audio recorded separately.
  recordings: { enabled: true, maxBytes: 50 * 1024 * 1024 },
  // DOMAIN §5: reports are marked SENSITIVE – CONFIDENTIAL and are not to be printed.
  marking: {
    text: 'SENSITIVE – CONFIDENTIAL',
    notice: 'SENSITIVE – CONFIDENTIAL information in line with GDPR. This report contains sensitive and personal information and should not be printed.',
    printingAllowed: false,
  },
  map: { centre: [52.64, -1.13], zoom: 10 },
  lists: commonLists,
  footerLinks: [
    { text: 'Privacy notice', href: '/help/privacy' },
    { text: 'Accessibility statement', href: '/help/accessibility' },
    { text: 'Help', href: '/help' },
  ],
};
