import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveChair, rotaErrors, type ChairRoles } from './chair.ts';

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
