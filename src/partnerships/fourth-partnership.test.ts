// Issue #13 item 5: partnership differences are configuration. A fourth, fictional partnership, configured here
// only, gets its reports, its meetings' minutes and its meetings' risk instrument from its configuration alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPartnerships, meetingTypeOf, type PartnershipConfig } from './index.ts';
import type { PartnershipInput } from './schema.ts';
import { commonLists } from './common-lists.ts';
import { minutesScope, minutesDueOn } from '../domain/meeting/minutes.ts';
import { meetingInstrument } from '../domain/meeting/review.ts';
import { formPeriod, nextFortnightly } from '../domain/reports/period.ts';
import { reportsFor } from '../features/reports/builders.ts';
import { defaultPeriod } from '../features/reports/schemas.ts';

const meeting = { rule: 'FREQ=WEEKLY;BYDAY=WE', startTime: '10:00', firstDate: '2026-01-07', durationMinutes: 60 };

/** Northmoor: invented for this test; two instruments, ids unlike any of the three real partnerships'. */
const northmoor: PartnershipInput = {
  id: 'northmoor',
  name: 'Northmoor Exploitation Partnership',
  shortName: 'Northmoor',
  assessmentTools: ['vat', 'thrive'],
  reports: ['rotherham', 'form', 'monthly'],
  districts: [{ id: 'northmoor', name: 'Northmoor' }],
  agencies: [{ id: 'police', name: 'Northmoor Police', kind: 'police' }],
  meetingTypes: [
    { id: 'weekly-panel', name: 'Weekly panel', cadence: 'Every Wednesday', ...meeting, instrument: 'vat' },
    {
      id: 'grading-huddle',
      name: 'Grading huddle',
      cadence: 'Every Wednesday',
      ...meeting,
      instrument: 'thrive',
      deadline: { rule: 'monday-before', time: '12:00', what: 'the CE and Missing document', pack: 'form' },
      firstDate: '2026-01-14',
    },
    {
      id: 'quarterly-review',
      name: 'Quarterly review',
      cadence: 'Every Wednesday',
      ...meeting,
      instrument: 'thrive',
      minutes: { record: 'actions-only', due: 'same-day' },
    },
    { id: 'briefing', name: 'Briefing', cadence: 'Every Wednesday', ...meeting },
  ],
  reviewIntervals: { high: { value: 1, unit: 'months' }, medium: { value: 2, unit: 'months' }, low: { value: 4, unit: 'months' } },
  coordinatorsInbox: 'coordinators@northmoor.example.org',
  lists: commonLists,
};

const load = (input: PartnershipInput): PartnershipConfig => loadPartnerships([input]).get(input.id as string)!;

test('a fourth partnership has the reports its configuration lists, in its order, whatever its instruments', () => {
  const p = load(northmoor);
  assert.deepEqual(reportsFor(p), ['rotherham', 'form', 'monthly']);
  assert.deepEqual(reportsFor(load({ ...northmoor, id: 'northmoor-b', reports: ['bi-monthly'] })), ['bi-monthly']);
  assert.deepEqual(reportsFor(load({ ...northmoor, id: 'northmoor-c', reports: undefined })), [], 'none unless configured');
});

test('a fourth partnership’s FORM report period follows the meeting its FORM document goes to, whatever that meeting’s id', () => {
  const p = load(northmoor);
  assert.deepEqual(defaultPeriod('form', p, '2026-03-02'), formPeriod(nextFortnightly('2026-01-14', '2026-03-02')));
});

test('a fourth partnership’s meeting types record and send minutes as configured (actions only, due the same day)', () => {
  const p = load(northmoor);
  assert.equal(minutesScope(meetingTypeOf(p, 'quarterly-review')), 'actions-only');
  assert.equal(minutesDueOn(meetingTypeOf(p, 'quarterly-review'), '2026-03-25'), '2026-03-25');
  assert.equal(minutesScope(meetingTypeOf(p, 'weekly-panel')), 'full', 'a type that says nothing records everything');
  assert.equal(minutesDueOn(meetingTypeOf(p, 'weekly-panel'), '2026-03-25'), null);
  assert.equal(minutesScope(meetingTypeOf(p, 'other')), 'full', 'a meeting of no configured type records everything');
  assert.equal(minutesDueOn(meetingTypeOf(p, 'other'), '2026-03-25'), null);
});

test('a fourth partnership’s meetings grade risk with the instrument their type names; others with its first instrument', () => {
  const p = load(northmoor);
  assert.equal(meetingInstrument(p, 'weekly-panel'), 'vat');
  assert.equal(meetingInstrument(p, 'quarterly-review'), 'thrive');
  assert.equal(meetingInstrument(p, 'briefing'), 'vat', 'a type that names none');
  assert.equal(meetingInstrument(p, 'other'), 'vat', 'a meeting of no configured type');
});

test('a meeting type’s instrument must be one the partnership uses: a bad configuration stops the start', () => {
  const bad = { ...northmoor, meetingTypes: [{ ...northmoor.meetingTypes![0]!, instrument: 'rfm' as const }] };
  assert.throws(() => loadPartnerships([bad]), /meetingTypes\.0\.instrument: rfm is not one of the partnership's assessmentTools/);
});

test('the three partnerships keep their reports, minutes and instruments (now configuration)', () => {
  const all = loadPartnerships();
  assert.deepEqual(
    [...all.values()].map((p) => [p.id, reportsFor(p)]),
    [
      ['staffordshire', ['bi-monthly']],
      ['rotherham', ['rotherham']],
      ['llr', ['form', 'monthly']],
    ],
  );
  for (const p of all.values()) for (const t of p.meetingTypes) assert.equal(meetingInstrument(p, t.id), p.assessmentTools[0], `${p.id} ${t.id}`);
  const llr = all.get('llr')!;
  assert.deepEqual(
    llr.meetingTypes.map((t) => [t.id, minutesScope(t), minutesDueOn(t, '2026-03-24')]),
    [
      ['drmm', 'full', null],
      ['form', 'full', null],
      ['monthly', 'actions-only', '2026-03-24'],
    ],
  );
  for (const id of ['staffordshire', 'rotherham']) for (const t of all.get(id)!.meetingTypes) assert.equal(minutesScope(t), 'full', `${id} ${t.id}`);
});
