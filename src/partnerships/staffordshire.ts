import type { PartnershipInput } from './schema.ts';
import { commonLists } from './common-lists.ts';

/** Staffordshire (sources 000, 001, 003): RFM, weekly CE triage, eight district panels bi-monthly. */
export const staffordshire: PartnershipInput = {
  id: 'staffordshire',
  name: 'Staffordshire Child Exploitation Partnership',
  shortName: 'Staffordshire',
  assessmentTools: ['rfm'],
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
  ],
  meetingTypes: [
    { id: 'ce-triage', name: 'CE triage', cadence: 'Weekly', rule: 'FREQ=WEEKLY', durationMinutes: 60 },
    {
      id: 'pre-mace',
      name: 'Pre-MACE thresholding',
      cadence: 'Before each district panel',
      rule: 'BEFORE:district-mace',
      durationMinutes: 60,
      perDistrict: true,
    },
    {
      id: 'district-mace',
      name: 'District MACE panel',
      cadence: 'Bi-monthly (every two months)',
      rule: 'FREQ=MONTHLY;INTERVAL=2',
      durationMinutes: 120,
      perDistrict: true,
    },
  ],
  reviewIntervals: {
    high: { value: 2, unit: 'months' },
    medium: { value: 2, unit: 'months' },
    low: { value: 6, unit: 'months' },
  },
  routes: [
    { id: 'ce-coordinators', name: 'CE coordinators', email: 'ce-coordinators@staffordshire.example.org', description: 'Triage of suspected and evidenced RFMs; referral to the district MACE panel.' },
    { id: 'scass', name: 'Children’s Advice and Support Service (SCASS)', email: 'scass@staffordshire.example.org', description: 'Safeguarding referral to children’s social care (by telephone to the front door).' },
    { id: 'yos-north', name: 'YOS Prevention North', email: 'yos-north@staffordshire.example.org', description: 'Newcastle, Moorlands and Stafford.' },
    { id: 'yos-east', name: 'YOS Prevention East', email: 'yos-east@staffordshire.example.org', description: 'Cannock, South Staffordshire, Tamworth, Lichfield and East Staffordshire.' },
    { id: 'catch22', name: 'Catch22 CCE service', email: 'cce-service@catch22.example.org', description: 'Criminal exploitation service.' },
    { id: 'ce-team', name: 'CE team (CSE service)', email: 'ce-team@staffordshire.example.org', description: 'The RFM with the CE referral form is the referral to the CE team.' },
    { id: 'eha', name: 'Early Help Assessment', description: 'Early help by professionals already involved.' },
  ],
  coordinatorsInbox: 'ce-coordinators@staffordshire.example.org',
  requireSecondFactor: false,
  lists: commonLists,
  footerLinks: [
    { text: 'Privacy notice', href: '/help/privacy' },
    { text: 'Accessibility statement', href: '/help/accessibility' },
    { text: 'Help', href: '/help' },
  ],
};
