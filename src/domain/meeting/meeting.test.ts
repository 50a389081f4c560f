import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasAccepted, mayViewItems, mayRecord, mayJoin, mayReadMinutes, presentWithoutAgreement } from './access.ts';
import { nextReviewOn, chooseReviewDate, validateAdjustment, sameReviewDates } from './review.ts';
import { detectAudio } from './audio.ts';
import { meetingDayHasCome, mayOpen } from './held.ts';
import { minutesText, minutesScope, minutesDueOn, type MinutesInput } from './minutes.ts';
import { loadPartnerships, meetingTypeOf } from '../../partnerships/index.ts';

/** An LLR meeting type's configuration, by id. */
const llrType = (id: string) => meetingTypeOf(loadPartnerships().get('llr')!, id);

const rotherham = { high: { value: 1, unit: 'months' }, medium: { value: 3, unit: 'months' }, low: { value: 6, unit: 'months' } } as const;
const staffs = { high: { value: 2, unit: 'months' }, medium: { value: 2, unit: 'months' }, low: { value: 6, unit: 'months' } } as const;
const llr = { high: { value: 2, unit: 'weeks' }, medium: { value: 1, unit: 'months' }, low: { value: 3, unit: 'months' } } as const;
const open = { openedAt: new Date(), closedAt: null };

test('nothing about a child is shown to someone who has not accepted this meeting’s agreement, the chair included', () => {
  const att = [
    { userId: 'chair', acceptedAt: null, agreementVersion: null },
    { userId: 'member', acceptedAt: new Date(), agreementVersion: '2026-1' },
  ];
  assert.equal(mayViewItems(open, att, 'chair'), false);
  assert.equal(mayViewItems(open, att, 'member'), true);
  assert.equal(mayViewItems(open, att, 'stranger'), false);
  assert.equal(hasAccepted(att, 'member'), true);
});

test('items are not shown before the chair opens the meeting, even to someone who accepted', () => {
  assert.equal(mayViewItems({ openedAt: null, closedAt: null }, [{ userId: 'u', acceptedAt: new Date(), agreementVersion: '1' }], 'u'), false);
});

test('a closed meeting records nothing more; an unopened one records nothing yet', () => {
  assert.equal(mayRecord(open), true);
  assert.equal(mayRecord({ openedAt: new Date(), closedAt: new Date() }), false);
  assert.equal(mayRecord({ openedAt: null, closedAt: null }), false);
});

test('a late joiner may join when a member of the series or running meetings; others are added by the chair', () => {
  assert.equal(mayJoin({ isMember: true, manages: false, alreadyAttending: false }), true);
  assert.equal(mayJoin({ isMember: false, manages: true, alreadyAttending: false }), true);
  assert.equal(mayJoin({ isMember: false, manages: false, alreadyAttending: true }), true);
  assert.equal(mayJoin({ isMember: false, manages: false, alreadyAttending: false }), false);
});

test('minutes are read by those who accepted or who run meetings', () => {
  assert.equal(mayReadMinutes({ accepted: false, manages: false }), false);
  assert.equal(mayReadMinutes({ accepted: true, manages: false }), true);
  assert.equal(mayReadMinutes({ accepted: false, manages: true }), true);
});

test('Rotherham: next review 1 month on for high, 3 for medium, 6 for low, from the meeting', () => {
  assert.deepEqual(nextReviewOn({ instrument: 'vat', level: 'high', meetingDate: '2026-03-12', intervals: rotherham }), {
    date: '2026-04-12',
    basis: 'interval',
  });
  assert.equal(nextReviewOn({ instrument: 'vat', level: 'medium', meetingDate: '2026-03-12', intervals: rotherham }).date, '2026-06-12');
  assert.equal(nextReviewOn({ instrument: 'vat', level: 'low', meetingDate: '2026-03-12', intervals: rotherham }).date, '2026-09-12');
});

test('no risk means no next review', () => {
  assert.deepEqual(nextReviewOn({ instrument: 'vat', level: 'none', meetingDate: '2026-03-12', intervals: rotherham }), { date: null, basis: 'none' });
});

test('LLR: per THRIVE grade (high two weeks on)', () => {
  assert.equal(nextReviewOn({ instrument: 'thrive', level: 'high', meetingDate: '2026-03-11', intervals: llr }).date, '2026-03-25');
});

test('Staffordshire: medium or high is reviewed at the first panel of the cycle on or after the interval', () => {
  const later = ['2026-04-14', '2026-05-12', '2026-07-14'];
  assert.deepEqual(nextReviewOn({ instrument: 'rfm', level: 'high', meetingDate: '2026-03-10', intervals: staffs, laterMeetings: later }), {
    date: '2026-05-12',
    basis: 'panel',
  });
  assert.equal(
    nextReviewOn({ instrument: 'rfm', level: 'medium', meetingDate: '2026-03-13', intervals: staffs, laterMeetings: later }).date,
    '2026-07-14',
    'the 12 May panel is before the interval ends on 13 May',
  );
});

test('Staffordshire: a panel on the very date of the interval counts', () => {
  assert.equal(
    nextReviewOn({ instrument: 'rfm', level: 'high', meetingDate: '2026-03-12', intervals: staffs, laterMeetings: ['2026-05-12'] }).date,
    '2026-05-12',
  );
});

test('Staffordshire: low is removal from MACE, the RFM reviewed at the interval; no panel scheduled falls back to the interval', () => {
  assert.deepEqual(nextReviewOn({ instrument: 'rfm', level: 'low', meetingDate: '2026-03-12', intervals: staffs, laterMeetings: ['2026-05-12'] }), {
    date: '2026-09-12',
    basis: 'interval',
  });
  assert.deepEqual(nextReviewOn({ instrument: 'rfm', level: 'high', meetingDate: '2026-03-12', intervals: staffs, laterMeetings: [] }), {
    date: '2026-05-12',
    basis: 'interval',
  });
});

test('a changed review date needs a reason and must be after the meeting; the rule’s own date needs none', () => {
  assert.deepEqual(chooseReviewDate('2026-05-12', undefined, '', '2026-03-12'), { ok: true, date: '2026-05-12', reason: null });
  assert.deepEqual(chooseReviewDate('2026-05-12', '2026-05-12', '', '2026-03-12'), { ok: true, date: '2026-05-12', reason: null });
  assert.equal(chooseReviewDate('2026-05-12', '2026-04-01', ' ', '2026-03-12').ok, false);
  assert.deepEqual(chooseReviewDate('2026-05-12', '2026-04-01', 'Court date', '2026-03-12'), { ok: true, date: '2026-04-01', reason: 'Court date' });
  assert.deepEqual(chooseReviewDate('2026-05-12', '2026-03-12', 'x', '2026-03-12'), {
    ok: false,
    field: 'nextReview',
    message: 'Next review date must be after the date of the meeting',
  });
});

test('VAT adjustment: up to 20 either way, with a rationale; 21 is refused', () => {
  assert.deepEqual(validateAdjustment('', ''), { ok: true, value: null });
  assert.deepEqual(validateAdjustment('-20', 'Older evidence'), { ok: true, value: -20 });
  assert.deepEqual(validateAdjustment('20', 'x'), { ok: true, value: 20 });
  assert.equal(validateAdjustment('21', 'x').ok, false);
  assert.equal(validateAdjustment('5', '  ').ok, false);
  assert.equal(validateAdjustment('1e1', 'x').ok, false);
});

const pad = (head: number[]) => new Uint8Array([...head, ...new Array(16).fill(0)]);
const text = (s: string) => [...s].map((c) => c.charCodeAt(0));

test('audio is recognised by its first bytes: MP3 (ID3 and a bare frame), WAV, Ogg, FLAC, M4A, WebM', () => {
  assert.equal(detectAudio(pad(text('ID3')))?.contentType, 'audio/mpeg');
  assert.equal(detectAudio(pad([0xff, 0xfb, 0x90, 0x64]))?.contentType, 'audio/mpeg');
  assert.equal(detectAudio(pad([...text('RIFF'), 0, 0, 0, 0, ...text('WAVE')]))?.contentType, 'audio/wav');
  assert.equal(detectAudio(pad(text('OggS')))?.contentType, 'audio/ogg');
  assert.equal(detectAudio(pad(text('fLaC')))?.contentType, 'audio/flac');
  assert.equal(detectAudio(pad([0, 0, 0, 0x20, ...text('ftypM4A ')]))?.contentType, 'audio/mp4');
  assert.equal(detectAudio(pad([0x1a, 0x45, 0xdf, 0xa3]))?.contentType, 'audio/webm');
});

test('a PDF, a PNG, plain text, a RIFF that is not WAVE or a file too short are not audio', () => {
  assert.equal(detectAudio(pad(text('%PDF-1.7'))), undefined);
  assert.equal(detectAudio(pad([0x89, 0x50, 0x4e, 0x47])), undefined);
  assert.equal(detectAudio(new TextEncoder().encode('just some words, not a recording')), undefined);
  assert.equal(detectAudio(pad([...text('RIFF'), 0, 0, 0, 0, ...text('AVI ')])), undefined);
  assert.equal(detectAudio(new Uint8Array(text('ID3'))), undefined);
});

const input: MinutesInput = {
  meetingName: 'Monthly Exploitation Meeting',
  when: '24 March 2026 at 10am',
  attendance: [{ name: 'Alex Chair', agency: 'Police', role: 'Chair', accepted: 'accepted signed in' }],
  items: [
    {
      heading: 'Sam Example (LLR-0001)',
      status: 'discussed',
      shared: [{ agency: 'Education', body: 'Attendance fell\nto 60%.' }],
      decision: {
        instrument: 'thrive',
        level: 'high',
        adjustment: null,
        rationale: 'Escalating missing episodes',
        decisions: 'Strategy meeting',
        nextReview: '7 April 2026',
        nextReviewReason: null,
      },
      actions: [{ what: 'Arrange a return home interview.', owner: 'Pat Worker (Police)', due: '31 March 2026' }],
    },
  ],
};

test('minutes of a full meeting: attendance with agencies, what each agency shared, the decision with its rationale, actions', () => {
  const t = minutesText(input, 'full');
  assert.match(t, /Alex Chair, Police \(Chair/);
  assert.match(t, /- Education: Attendance fell to 60%\./);
  assert.match(t, /Risk: High \(THRIVE\)/);
  assert.match(t, /Rationale: Escalating missing episodes/);
  assert.match(t, /Arrange a return home interview\. Owner: Pat Worker \(Police\)\. Due: 31 March 2026\./);
});

test('the minutes say who was present without accepting the confidentiality agreement, and so was shown no child', () => {
  const withGuests: MinutesInput = {
    ...input,
    attendance: [
      ...input.attendance,
      { name: 'Robin Guestley', agency: 'Barnardo’s', role: 'Guest', accepted: null },
      { name: 'Kim Member', agency: 'Education', role: 'Member', accepted: null },
    ],
  };
  for (const scope of ['full', 'actions-only'] as const) {
    const t = minutesText(withGuests, scope);
    assert.match(t, /- Robin Guestley, Barnardo’s \(Guest; did not accept the confidentiality agreement\)/);
    assert.match(
      t,
      /### Present without accepting the confidentiality agreement\nRobin Guestley \(Barnardo’s\) and Kim Member \(Education\) were present without accepting the confidentiality agreement, and so were shown no child’s details\./,
    );
  }
  assert.doesNotMatch(minutesText(input, 'full'), /Present without accepting/, 'said only when someone did not accept');
  const one = minutesText({ ...input, attendance: [withGuests.attendance[1]!] }, 'full');
  assert.match(one, /Robin Guestley \(Barnardo’s\) was present without accepting the confidentiality agreement, and so was shown no child’s details\./);
  const att = [
    { userId: 'chair', acceptedAt: new Date(), agreementVersion: '2026-1' },
    { userId: null, acceptedAt: null, agreementVersion: null },
    { userId: 'member', acceptedAt: new Date(), agreementVersion: null },
  ];
  assert.deepEqual(presentWithoutAgreement(att), [att[1], att[2]]);
});

test('the Monthly Exploitation Meeting records actions only: nothing shared or decided appears', () => {
  assert.equal(minutesScope(llrType('monthly')), 'actions-only');
  assert.equal(minutesScope(llrType('form')), 'full');
  const t = minutesText(input, 'actions-only');
  assert.doesNotMatch(t, /Attendance fell/);
  assert.doesNotMatch(t, /Rationale/);
  assert.match(t, /Arrange a return home interview/);
});

test('the Monthly Exploitation Meeting’s minutes are due the same day; other meetings have no such deadline', () => {
  assert.equal(minutesDueOn(llrType('monthly'), '2026-03-24'), '2026-03-24');
  assert.equal(minutesDueOn(llrType('drmm'), '2026-03-24'), null);
});

import { carryForwardTarget } from './carry.ts';

test('carry forward: open actions go to the next meeting of the series, skipping a cancelled one', () => {
  const now = { id: 'a', startsAt: new Date('2026-03-12T09:30:00Z') };
  const later = [
    { id: 'c', startsAt: new Date('2026-03-26T09:30:00Z'), status: 'scheduled' as const },
    { id: 'b', startsAt: new Date('2026-03-19T09:30:00Z'), status: 'cancelled' as const },
    { id: 'd', startsAt: new Date('2026-03-05T09:30:00Z'), status: 'scheduled' as const },
  ];
  assert.equal(carryForwardTarget(now, later)?.id, 'c');
});

test('carry forward: a moved meeting still counts; with no later meeting nothing is carried', () => {
  const now = { id: 'a', startsAt: new Date('2026-03-12T09:30:00Z') };
  assert.equal(carryForwardTarget(now, [{ id: 'm', startsAt: new Date('2026-03-20T09:30:00Z'), status: 'moved' }])?.id, 'm');
  assert.equal(carryForwardTarget(now, [{ id: 'a', startsAt: now.startsAt, status: 'scheduled' }]), undefined);
  assert.equal(carryForwardTarget(now, []), undefined);
});

test('a meeting cannot be opened, nor a decision recorded, before the meeting’s day; on the day and after it, it can', () => {
  assert.deepEqual(meetingDayHasCome('2026-12-14', '2026-12-13'), { ok: false, reason: 'before-meeting-day', meetingDate: '2026-12-14' });
  assert.deepEqual(meetingDayHasCome('2026-12-14', '2026-11-20'), { ok: false, reason: 'before-meeting-day', meetingDate: '2026-12-14' });
  assert.deepEqual(meetingDayHasCome('2026-12-14', '2026-12-14'), { ok: true });
  // Written up later (the day after, or the next year): allowed.
  assert.deepEqual(meetingDayHasCome('2026-12-14', '2026-12-15'), { ok: true });
  assert.deepEqual(meetingDayHasCome('2026-12-31', '2027-01-01'), { ok: true });
  assert.deepEqual(meetingDayHasCome('2027-01-01', '2026-12-31').ok, false);
});

test('a meeting is opened before its day only with the coordinator’s stated reason; on its day or after, without one', () => {
  assert.deepEqual(mayOpen('2026-12-14', '2026-12-14', ''), { ok: true, early: false });
  assert.deepEqual(mayOpen('2026-12-14', '2026-12-20', ''), { ok: true, early: false });
  assert.deepEqual(mayOpen('2026-12-14', '2026-12-13', '  '), { ok: false, field: 'reason', message: 'Enter why the meeting is being held before its date' });
  assert.deepEqual(mayOpen('2026-12-14', '2026-12-13', ' Brought forward: a court hearing '), {
    ok: true,
    early: true,
    reason: 'Brought forward: a court hearing',
  });
  assert.equal(mayOpen('2026-12-14', '2026-12-13', 'x'.repeat(1000)).ok, true);
  assert.deepEqual(mayOpen('2026-12-14', '2026-12-13', 'x'.repeat(1001)), { ok: false, field: 'reason', message: 'Reason must be 1,000 characters or fewer' });
});

test('when the partnership’s rules give two levels the same next review date, the form says why: the same district panel, or the same interval', () => {
  // Staffordshire: high and medium both go to the district's first panel on or after two months.
  const panel = { date: '2027-02-08', basis: 'panel' } as const;
  assert.deepEqual(
    sameReviewDates({ high: panel, medium: panel, low: { date: '2027-06-07', basis: 'interval' }, none: { date: null, basis: 'none' } }, staffs),
    {
      high: { sameAs: ['medium'], why: 'same-panel' },
      medium: { sameAs: ['high'], why: 'same-panel' },
    },
  );
  // No later panel written: both fall on the same interval.
  const twoMonths = { date: '2027-02-07', basis: 'interval' } as const;
  assert.deepEqual(sameReviewDates({ high: twoMonths, medium: twoMonths, low: { date: '2027-06-07', basis: 'interval' } }, staffs), {
    high: { sameAs: ['medium'], why: 'same-interval' },
    medium: { sameAs: ['high'], why: 'same-interval' },
  });
  // Rotherham's 1, 3 and 6 months differ: nothing to explain.
  assert.deepEqual(
    sameReviewDates(
      { high: { date: '2027-01-07', basis: 'interval' }, medium: { date: '2027-03-07', basis: 'interval' }, low: { date: '2027-06-07', basis: 'interval' } },
      rotherham,
    ),
    {},
  );
  // Different intervals landing on one day (a panel for one, the interval for the other): said to share the day only.
  assert.deepEqual(sameReviewDates({ high: panel, medium: { date: '2027-02-08', basis: 'interval' } }, { ...staffs, medium: { value: 9, unit: 'weeks' } }), {
    high: { sameAs: ['medium'], why: 'same-day' },
    medium: { sameAs: ['high'], why: 'same-day' },
  });
});
