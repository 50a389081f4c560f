import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkError, removalReasonError, mergeError, planLinkMove } from './links.ts';

const child = (id: string) => ({ type: 'child' as const, id });
const person = (id: string) => ({ type: 'record' as const, kind: 'person' as const, id });

test('linkError: two children only as friend, relative, rival or associate; never to itself', () => {
  assert.equal(linkError(child('a'), child('b'), 'friend'), undefined);
  assert.equal(linkError(child('a'), child('b'), 'suspected-exploiter')?.field, 'relation');
  assert.equal(linkError(child('a'), person('p'), 'suspected-exploiter'), undefined);
  assert.equal(linkError(person('p'), person('p'), 'associate')?.field, 'target');
  assert.equal(linkError(child('a'), person('p'), 'enemy')?.field, 'relation');
});

test('removalReasonError: a reason is required, blank is not a reason, 1000 characters at most', () => {
  assert.equal(removalReasonError('')?.message, 'Enter why the link is being removed');
  assert.equal(removalReasonError('   \n ')?.field, 'reason');
  assert.equal(removalReasonError('Recorded against the wrong child'), undefined);
  assert.equal(removalReasonError('x'.repeat(1000)), undefined);
  assert.equal(removalReasonError('x'.repeat(1001))?.message, 'Reason must be 1000 characters or fewer');
});

test('mergeError: two different persons, neither merged already', () => {
  const p = (id: string, kind = 'person', mergedInto: string | null = null) => ({ id, kind, mergedInto });
  assert.equal(mergeError(p('a'), p('b')), undefined);
  assert.match(mergeError(p('a'), p('a'))!.message, /cannot be merged with itself/);
  assert.match(mergeError(p('a'), p('b', 'vehicle'))!.message, /Only two people of concern/);
  assert.match(mergeError(p('a', 'phone'), p('b'))!.message, /Only two people of concern/);
  assert.match(mergeError(p('a'), p('b', 'person', 'c'))!.message, /already been merged/);
  assert.match(mergeError(p('a', 'person', 'c'), p('b'))!.message, /already been merged/);
});

test('planLinkMove: links move to the kept record except one between the two and one the kept record already has', () => {
  const plan = planLinkMove(
    'kept',
    [
      { id: 'l1', otherEnd: 'child-1', relation: 'suspected-exploiter' },
      { id: 'l2', otherEnd: 'kept', relation: 'associate' },
      { id: 'l3', otherEnd: 'child-2', relation: 'suspected-exploiter' },
      { id: 'l4', otherEnd: 'child-2', relation: 'relative' },
      { id: 'l5', otherEnd: 'car', relation: 'uses' },
      { id: 'l6', otherEnd: 'car', relation: 'uses' },
    ],
    [{ otherEnd: 'child-2', relation: 'suspected-exploiter' }],
  );
  assert.deepEqual(plan.move, ['l1', 'l4', 'l5']);
  assert.deepEqual(
    plan.remove.map((r) => r.id),
    ['l2', 'l3', 'l6'],
  );
  assert.match(plan.remove[0]!.reason, /linked the two records/);
  assert.match(plan.remove[1]!.reason, /already had this link/);
  assert.deepEqual(planLinkMove('kept', [], []), { move: [], remove: [] });
});
