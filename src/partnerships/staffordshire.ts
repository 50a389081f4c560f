import type { PartnershipInput } from './schema.ts';
import { commonLists } from './common-lists.ts';

/** Staffordshire (sources 000, 001, 003): RFM, weekly CE triage, eight district panels bi-monthly. */
export const staffordshire: PartnershipInput = {
  id: 'staffordshire',
  name: 'Staffordshire Child Exploitation Partnership',
  shortName: 'Staffordshire',
  assessmentTools: ['rfm'],
  // DOMAIN §6: the bi-monthly panel data report.
  reports: ['bi-monthly'],
  districts: [
    { id: 'newcastle', name: 'Newcastle-under-Lyme' },
    { id: 'moorlands', name: 'Staffordshire Moorlands' },
    { id: 'tamworth', name: 'Tamworth' },
    { id: 'lichfield', name: 'Lichfield' },
    { id: 'east-staffordshire', name: 'East Staffordshire' },
    { id: 'stafford', name: 'Stafford' },
    { id: 'cannock', name: 'Cannock Chase' },
    { id: 'south-staffordshire', name: 'South Staffordshire' },
  ],
  agencies: [
    { id: 'police', name: 'Staffordshire Police', kind: 'police' },
    { id: 'childrens-services', name: 'Children’s Services', kind: 'social-care' },
    { id: 'health', name: 'Health (named nurse)', kind: 'health' },
    { id: 'education', name: 'Education', kind: 'education' },
    { id: 'yos', name: 'Youth Offending Service', kind: 'youth-justice' },
    { id: 'catch22', name: 'Catch22', kind: 'voluntary' },
    { id: 'district-council', name: 'District Council', kind: 'local-authority' },
    { id: 'housing', name: 'Housing providers', kind: 'housing' },
    { id: 'substance-misuse', name: 'Substance misuse service', kind: 'health' },
    // The lateral-check agencies of DOMAIN §2 not listed above (source 003, thresholding).
    { id: 'ehcp-cme', name: 'EHCP and Children Missing Education team', kind: 'education' },
    { id: 'new-era', name: 'New Era (domestic abuse service)', kind: 'voluntary' },
    { id: 't3', name: 'T3 (young people’s substance misuse service)', kind: 'health' },
    { id: 'harm-reduction-hubs', name: 'Local Police Harm Reduction Hubs', kind: 'police' },
    { id: 'alternative-provision', name: 'Alternative Provision Panel', kind: 'education' },
    { id: 'missing-data', name: 'Missing Data officer', kind: 'local-authority' },
  ],
  // DOMAIN §6: before each panel the administrator collates lateral checks from these agencies.
  lateralCheckAgencies: ['education', 'ehcp-cme', 'yos', 'catch22', 'new-era', 't3', 'harm-reduction-hubs', 'alternative-provision', 'missing-data'],
  meetingTypes: [
    {
      id: 'ce-triage',
      name: 'CE triage',
      cadence: 'Weekly',
      rule: 'FREQ=WEEKLY;BYDAY=TU',
      startTime: '10:00',
      firstDate: '2026-01-06',
      skipBankHolidays: true,
      location: 'Microsoft Teams',
      durationMinutes: 60,
      instrument: 'rfm',
    },
    {
      id: 'pre-mace',
      name: 'Pre-MACE thresholding',
      cadence: 'Before each district panel',
      // The district panel's timing, a week earlier (DOMAIN §6).
      rule: 'BEFORE:district-mace',
      offsetDays: -7,
      startTime: '10:00',
      skipBankHolidays: true,
      location: 'Microsoft Teams',
      durationMinutes: 60,
      perDistrict: true,
      instrument: 'rfm',
    },
    {
      id: 'district-mace',
      name: 'District MACE panel',
      cadence: 'Bi-monthly (every two months)',
      rule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU',
      startTime: '13:30',
      firstDate: '2026-01-01',
      skipBankHolidays: true,
      location: 'Microsoft Teams',
      durationMinutes: 120,
      perDistrict: true,
      instrument: 'rfm',
      // 003: District Operational Leads chair the panels.
      chairs: { roles: ['District Operational Lead'] },
      // An example schedule so that the eight panels do not clash: replace with the partnership's own.
      districtOverrides: {
        newcastle: { rule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU', firstDate: '2026-01-01' },
        moorlands: { rule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TH', firstDate: '2026-01-01' },
        tamworth: { rule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=3TU', firstDate: '2026-01-01' },
        lichfield: { rule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=3TH', firstDate: '2026-01-01' },
        'east-staffordshire': { rule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU', firstDate: '2026-02-01' },
        stafford: { rule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TH', firstDate: '2026-02-01' },
        cannock: { rule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=3TU', firstDate: '2026-02-01' },
        'south-staffordshire': { rule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=3TH', firstDate: '2026-02-01' },
      },
    },
  ],
  reviewIntervals: {
    high: { value: 2, unit: 'months' },
    medium: { value: 2, unit: 'months' },
    low: { value: 6, unit: 'months' },
  },
  routes: [
    {
      id: 'ce-coordinators',
      name: 'CE coordinators',
      email: 'ce-coordinators@staffordshire.example.org',
      description: 'Triage of suspected and evidenced RFMs; referral to the district MACE panel.',
    },
    {
      id: 'scass',
      name: 'Children’s Advice and Support Service (SCASS)',
      email: 'scass@staffordshire.example.org',
      description: 'Safeguarding referral to children’s social care (by telephone to the front door).',
    },
    { id: 'yos-north', name: 'YOS Prevention North', email: 'yos-north@staffordshire.example.org', description: 'Newcastle, Moorlands and Stafford.' },
    {
      id: 'yos-east',
      name: 'YOS Prevention East',
      email: 'yos-east@staffordshire.example.org',
      description: 'Cannock, South Staffordshire, Tamworth, Lichfield and East Staffordshire.',
    },
    { id: 'catch22', name: 'Catch22 CCE service', email: 'cce-service@catch22.example.org', description: 'Criminal exploitation service.' },
    {
      id: 'ce-team',
      name: 'CE team (CSE service)',
      email: 'ce-team@staffordshire.example.org',
      description: 'The RFM with the CE referral form is the referral to the CE team.',
    },
    { id: 'eha', name: 'Early Help Assessment', description: 'Early help by professionals already involved.' },
  ],
  // DOMAIN §3.4: the CE team's CSE service offer opens when triage routes a child to the CE team.
  cseService: { route: 'ce-team', teamName: 'CE team' },
  coordinatorsInbox: 'ce-coordinators@staffordshire.example.org',
  // Issue 14: who another partnership speaks to about a child both hold (disclosed once both confirm a match).
  tracker: {
    contact: {
      name: 'Staffordshire CE coordinators',
      role: 'Child exploitation coordinator',
      email: 'ce-coordinators@staffordshire.example.org',
      phone: '01632 960 101',
    },
  },
  requireSecondFactor: false,
  map: { centre: [52.8, -2.0], zoom: 9 },
  lists: commonLists,
  footerLinks: [
    { text: 'Privacy notice', href: '/help/privacy' },
    { text: 'Accessibility statement', href: '/help/accessibility' },
    { text: 'Help', href: '/help' },
  ],
};
