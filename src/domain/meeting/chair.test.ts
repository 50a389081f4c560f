import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChairChange, chairChangeErrors, resolveChair, rotaErrors, type ChairRoles } from './chair.ts';

const rotherham: ChairRoles = {
  roles: ['Evolve team manager', 'Detective sergeant, CSE team'],
  deputy: 'YJS coordinator or a nominated Evolve social worker',
};

test('Rotherham MACE (002 §2.2): the Evolve team manager and the detective sergeant chair alternately, each with a deputy', () => {
  const turns = [
    { role: 'Evolve team manager', chair: 'Ruth', deputy: 'Yusuf' },
    { role: 'Detective sergeant, CSE team', chair: 'Dev', deputy: 'Yusuf' },
  ];
  assert.deepEqual(
    [0, 1, 2, 3].map((i) => resolveChair(rotherham, turns, i)!.chair),
    ['Ruth', 'Dev', 'Ruth', 'Dev'],
  );
  const second = resolveChair(rotherham, turns, 1)!;
  assert.deepEqual(second, {
    role: 'Detective sergeant, CSE team',
    chair: 'Dev',
    deputy: 'Yusuf',
    deputyRole: 'YJS coordinator or a nominated Evolve social worker',
    coChair: null,
    turn: 2,
    of: 2,
  });
  // A meeting before the rota's first counts backwards: the one just before was the detective sergeant's.
  assert.equal(resolveChair(rotherham, turns, -1)!.chair, 'Dev');
});

test('with no one named yet, a meeting shows the configured role in turn (002 alternating, 004 DCI co-chaired by heads of service)', () => {
  assert.equal(resolveChair<string>(rotherham, [], 3)!.role, 'Detective sergeant, CSE team');
  assert.equal(resolveChair<string>(rotherham, [], 3)!.chair, null);
  const monthly = resolveChair<string>({ roles: ['DCI for Child Safeguarding and Exploitation'], coChair: 'LLR heads of service' }, [], 7)!;
  assert.equal(monthly.role, 'DCI for Child Safeguarding and Exploitation');
  assert.equal(monthly.coChair, 'LLR heads of service');
  assert.equal(resolveChair<string>(undefined, [], 0), undefined, 'no roles configured and no rota: no chair shown');
  // No rota yet to count from: the roles in turn.
  assert.equal(resolveChair<string>(rotherham, [], undefined)!.role, 'Evolve team manager or Detective sergeant, CSE team, in turn');
  assert.equal(resolveChair<string>({ roles: ['District Operational Lead'] }, [], undefined)!.role, 'District Operational Lead');
});

test('LLR FORM (004): a detective inspector and service managers chair on a rota, in order, one per meeting', () => {
  const turns = ['DI Asha', 'SM Ben', 'SM Cara'].map((c, i) => ({ role: i ? 'Service manager' : 'Detective inspector, CE Hub', chair: c, deputy: null }));
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((i) => resolveChair({ roles: ['Detective inspector, CE Hub', 'Service manager'] }, turns, i)!.chair),
    ['DI Asha', 'SM Ben', 'SM Cara', 'DI Asha', 'SM Ben'],
  );
  assert.throws(() => resolveChair(undefined, turns, 1.5), RangeError);
});

test('a rota turn needs a role and a chair, and a deputy who is someone else', () => {
  assert.deepEqual(rotaErrors([{ role: 'Evolve team manager', chair: 'u1', deputy: 'u2' }]), []);
  assert.deepEqual(
    rotaErrors([
      { role: ' ', chair: '', deputy: null },
      { role: 'Detective sergeant', chair: 'u1', deputy: 'u1' },
    ]).map((e) => `${e.turn}:${e.field}`),
    ['1:role', '1:chair', '2:deputy'],
  );
  assert.equal(rotaErrors([{ role: 'x'.repeat(201), chair: 'u1', deputy: null }])[0]!.field, 'role');
});

test('002 §2.2 (the deputy chairs in the chair’s absence): a one-off change names another chair for one meeting; the rota’s role and deputy stand, and what it replaced is kept', () => {
  const turns = [
    { role: 'Evolve team manager', chair: 'Ruth', deputy: 'Yusuf' },
    { role: 'Detective sergeant, CSE team', chair: 'Dev', deputy: 'Yusuf' },
  ];
  const rota = resolveChair(rotherham, turns, 0)!;
  const changed = applyChairChange(rota, { chair: 'Yusuf', deputy: 'Amira', reason: 'Ruth is on leave' })!;
  assert.equal(changed.chair, 'Yusuf');
  assert.equal(changed.deputy, 'Amira');
  assert.equal(changed.role, 'Evolve team manager');
  assert.ok('change' in changed);
  assert.deepEqual(changed.change, { reason: 'Ruth is on leave', chairChanged: true, deputyChanged: true, rotaChair: 'Ruth', rotaDeputy: 'Yusuf' });
  const deputyOnly = applyChairChange(rota, { chair: null, deputy: 'Amira', reason: 'Yusuf is in court' })!;
  assert.deepEqual([deputyOnly.chair, deputyOnly.deputy], ['Ruth', 'Amira'], 'the rota’s chair stands when only the deputy changes');
  assert.equal(applyChairChange(rota, undefined), rota, 'no change: the rota’s');
  // The next meeting is the rota's: a change belongs to one meeting (the caller looks it up by meeting).
  assert.equal(resolveChair(rotherham, turns, 1)!.chair, 'Dev');
  // 004: a series with no rota and no configured roles still shows whoever is named for the meeting.
  assert.equal(applyChairChange(undefined, { chair: 'Dev', deputy: null, reason: 'A one-off' })!.chair, 'Dev');
});

test('002 §2.2, 004: a one-off change names a chair or a deputy, leaves the deputy someone other than the chair, and says why', () => {
  const rota = { chair: 'ruth', deputy: 'yusuf' };
  assert.deepEqual(
    chairChangeErrors({ chair: null, deputy: null, reason: '' }, rota).map((e) => e.field),
    ['chair', 'reason'],
  );
  assert.deepEqual(chairChangeErrors({ chair: 'dev', deputy: null, reason: 'On leave' }, rota), []);
  // The rota's deputy named to chair, with no other deputy: they would deputise for themselves.
  assert.deepEqual(chairChangeErrors({ chair: 'yusuf', deputy: null, reason: 'On leave' }, rota), [
    { field: 'chair', message: 'The chair must be someone other than the deputy of this meeting: name another deputy too' },
  ]);
  assert.deepEqual(chairChangeErrors({ chair: 'yusuf', deputy: 'amira', reason: 'On leave' }, rota), []);
  assert.equal(chairChangeErrors({ chair: null, deputy: 'ruth', reason: 'On leave' }, rota)[0]!.field, 'deputy');
  assert.equal(chairChangeErrors({ chair: 'dev', deputy: 'dev', reason: 'x' }, rota)[0]!.field, 'deputy');
  assert.deepEqual(
    chairChangeErrors({ chair: 'dev', deputy: null, reason: '   ' }, rota).map((e) => e.field),
    ['reason'],
  );
  assert.deepEqual(chairChangeErrors({ chair: 'dev', deputy: null, reason: 'x'.repeat(1000) }, rota), [], '1,000 characters is allowed');
  assert.deepEqual(
    chairChangeErrors({ chair: 'dev', deputy: null, reason: 'x'.repeat(1001) }, rota).map((e) => e.field),
    ['reason'],
  );
});
