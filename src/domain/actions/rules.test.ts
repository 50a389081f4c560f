import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOverdue, isDueSoon, validateSmart, validateStatusChange, carryForwardList, addDays, actionScope, type SmartRaw } from './rules.ts';
import { toolkit, toolkitItem } from './toolkit.ts';

const today = '2026-03-14';
const ctx = { today, users: [{ id: 'u1', agencyId: 'police' }], agencyIds: ['police', 'education'] };
const good: SmartRaw = {
  what: 'Visit the address',
  kind: 'disruption',
  toolkitItem: '',
  ownerType: 'person',
  ownerUserId: 'u1',
  ownerTeam: '',
  ownerAgencyId: '',
  measure: 'Visit log entry',
  agreedBy: 'MACE panel',
  dueOn: '2026-03-20',
};
const fields = (r: ReturnType<typeof validateSmart>) => (r.ok ? [] : r.errors.map((e) => e.field));

test('an open action due today is not overdue; due yesterday it is', () => {
  assert.equal(isOverdue({ status: 'open', due_on: today }, today), false);
  assert.equal(isOverdue({ status: 'open', due_on: addDays(today, -1) }, today), true);
  assert.equal(isOverdue({ status: 'in-progress', due_on: addDays(today, -1) }, today), true);
});

test('a done or cancelled action is never overdue', () => {
  assert.equal(isOverdue({ status: 'done', due_on: '2020-01-01' }, today), false);
  assert.equal(isOverdue({ status: 'cancelled', due_on: '2020-01-01' }, today), false);
});

test('due soon means within 14 days, inclusive', () => {
  assert.equal(isDueSoon({ status: 'open', due_on: addDays(today, 14) }, today), true);
  assert.equal(isDueSoon({ status: 'open', due_on: addDays(today, 15) }, today), false);
});

test('a SMART action with every part is accepted and the owner’s agency is the person’s', () => {
  const r = validateSmart(good, ctx);
  assert.ok(r.ok);
  assert.equal(r.value.ownerAgencyId, 'police');
  assert.equal(r.value.ownerTeam, null);
});

test('every missing SMART part is named', () => {
  const r = validateSmart({ ...good, what: ' ', kind: '', ownerType: '', measure: '', agreedBy: '', dueOn: '' }, ctx);
  assert.deepEqual(fields(r), ['what', 'kind', 'ownerType', 'measure', 'agreedBy', 'dueOn']);
});

test('an owner outside the partnership is refused', () => {
  assert.deepEqual(fields(validateSmart({ ...good, ownerUserId: 'stranger' }, ctx)), ['ownerUserId']);
  assert.deepEqual(fields(validateSmart({ ...good, ownerType: 'team', ownerTeam: 'Team X', ownerAgencyId: 'mi5' }, ctx)), ['ownerAgencyId']);
});

test('a team owner needs a team name and an agency', () => {
  assert.deepEqual(fields(validateSmart({ ...good, ownerType: 'team', ownerTeam: '', ownerAgencyId: '' }, ctx)), ['ownerTeam', 'ownerAgencyId']);
  const r = validateSmart({ ...good, ownerType: 'team', ownerTeam: 'Harm reduction hub', ownerAgencyId: 'education' }, ctx);
  assert.ok(r.ok && r.value.ownerUserId === null && r.value.ownerAgencyId === 'education');
});

test('the due date may be today but not in the past, nor before the meeting', () => {
  assert.ok(validateSmart({ ...good, dueOn: today }, ctx).ok);
  assert.deepEqual(fields(validateSmart({ ...good, dueOn: addDays(today, -1) }, ctx)), ['dueOn']);
  const r = validateSmart({ ...good, dueOn: '2026-03-20' }, { ...ctx, meetingDate: '2026-03-21' });
  assert.ok(!r.ok && /meeting/.test(r.errors[0]!.message));
  assert.ok(validateSmart({ ...good, dueOn: '2026-03-21' }, { ...ctx, meetingDate: '2026-03-21' }).ok);
});

test('a toolkit item sets the kind of action; an unknown one is refused', () => {
  const r = validateSmart({ ...good, kind: '', toolkitItem: 'siblings-1' }, ctx);
  assert.ok(r.ok && r.value.kind === 'support-family' && r.value.toolkitItem === 'siblings-1');
  assert.deepEqual(fields(validateSmart({ ...good, toolkitItem: 'nope' }, ctx)), ['toolkitItem']);
});

test('the toolkit has the three columns of Appendix 1 with unique ids', () => {
  assert.deepEqual([...new Set(toolkit.map((g) => g.kind))], ['disruption', 'support-child', 'support-family']);
  const ids = toolkit.flatMap((g) => g.items.map((i) => i.id));
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(toolkitItem('communication-5')?.text, 'Age-appropriate safety plan with danger statement');
});

test('completing an action requires evidence', () => {
  assert.deepEqual(
    validateStatusChange('done', '  ').map((e) => e.field),
    ['completionEvidence'],
  );
  assert.deepEqual(validateStatusChange('done', 'Visit logged'), []);
  assert.deepEqual(validateStatusChange('in-progress', ''), []);
  assert.deepEqual(
    validateStatusChange('finished', '').map((e) => e.field),
    ['status'],
  );
});

test('004: work not completed is documented with the rationale: cancelling an action needs the reason; other statuses do not', () => {
  assert.deepEqual(
    validateStatusChange('cancelled', '', '   ').map((e) => e.field),
    ['notCompletedReason'],
  );
  assert.deepEqual(validateStatusChange('cancelled', '', 'The family moved out of the area; the new authority holds the work'), []);
  assert.deepEqual(validateStatusChange('open', '', ''), []);
  assert.deepEqual(
    validateStatusChange('cancelled', '', 'x'.repeat(5001)).map((e) => e.field),
    ['notCompletedReason'],
  );
});

test('open actions of the series carry forward to the next meeting, once', () => {
  const a = (id: string, status: string, series: string | null, occ: string | null = 'm1', carried: string | null = null) => ({
    id,
    status,
    meeting_series_id: series,
    meeting_occurrence_id: occ,
    carried_forward_to_occurrence_id: carried,
  });
  const list = [
    a('1', 'open', 's'),
    a('2', 'in-progress', 's'),
    a('3', 'done', 's'),
    a('4', 'open', 'other'),
    a('5', 'open', 's', 'm1', 'm2'),
    a('6', 'open', 's', 'm2'),
    a('7', 'cancelled', 's'),
  ];
  assert.deepEqual(
    carryForwardList(list, 's', 'm2').map((x) => x.id),
    ['1', '2'],
  );
});

test('need to know: a reader whose job covers every action reads all; any other reads their agency’s and their own', () => {
  assert.deepEqual(actionScope(true, { agencyId: 'education', userId: 'u1' }), { all: true });
  assert.deepEqual(actionScope(false, { agencyId: 'education', userId: 'u1' }), { all: false, agencyId: 'education', userId: 'u1' });
});
