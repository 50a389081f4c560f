import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkedChildGroups, groupsAmong, type GroupingLink, type LinkEnd } from './grouping.ts';

const child = (id: string): LinkEnd => ({ id, kind: 'child' });
const rec = (id: string, kind: LinkEnd['kind']): LinkEnd => ({ id, kind });
const link = (a: LinkEnd, b: LinkEnd, relation = 'associate'): GroupingLink => ({ a, b, relation });

test('two children linked to the same person form one group, with the person as what they share', () => {
  const groups = linkedChildGroups([link(child('c1'), rec('p1', 'person')), link(rec('p1', 'person'), child('c2'))]);
  assert.equal(groups.length, 1);
  assert.deepEqual(groups[0]!.childIds, ['c1', 'c2']);
  assert.deepEqual(groups[0]!.shared, [{ recordId: 'p1', kind: 'person', childIds: ['c1', 'c2'] }]);
  assert.equal(groups[0]!.fromCommunity, false);
});

test('a child alone with their records is no group; a record linked to one child connects nobody', () => {
  assert.deepEqual(
    linkedChildGroups([link(child('c1'), rec('p1', 'person')), link(child('c1'), rec('v1', 'vehicle')), link(child('c2'), rec('p2', 'person'))]),
    [],
  );
});

test('children are connected through shared locations, vehicles and phones, transitively into one component', () => {
  const groups = linkedChildGroups([
    link(child('c1'), rec('l1', 'location'), 'frequents'),
    link(child('c2'), rec('l1', 'location'), 'found-at'),
    link(child('c2'), rec('v1', 'vehicle'), 'seen-in'),
    link(child('c3'), rec('v1', 'vehicle'), 'seen-in'),
    link(child('c4'), rec('t1', 'phone'), 'uses'),
    link(child('c5'), rec('t1', 'phone'), 'contacted-by'),
  ]);
  assert.deepEqual(
    groups.map((g) => g.childIds),
    [
      ['c1', 'c2', 'c3'],
      ['c4', 'c5'],
    ],
  );
  assert.deepEqual(
    groups[0]!.shared.map((s) => s.recordId),
    ['l1', 'v1'],
  );
});

test('a shared organisation (a school) or online account does not connect children; a direct link between children does', () => {
  const groups = linkedChildGroups([
    link(child('c1'), rec('o1', 'organisation'), 'attends'),
    link(child('c2'), rec('o1', 'organisation'), 'attends'),
    link(child('c1'), rec('a1', 'online-account'), 'uses'),
    link(child('c2'), rec('a1', 'online-account'), 'contacted-by'),
    link(child('c3'), child('c4'), 'friend'),
  ]);
  assert.deepEqual(
    groups.map((g) => g.childIds),
    [['c3', 'c4']],
  );
  assert.deepEqual(groups[0]!.direct, [{ a: 'c3', b: 'c4', relation: 'friend' }]);
  assert.deepEqual(linkedChildGroups([link(child('c3'), child('c4'), 'friend')], { direct: false }), []);
});

test('links between records alone do not join children (only what both children are linked to)', () => {
  const groups = linkedChildGroups([
    link(child('c1'), rec('p1', 'person')),
    link(rec('p1', 'person'), rec('p2', 'person'), 'relative'),
    link(rec('p2', 'person'), child('c2')),
  ]);
  assert.deepEqual(groups, []);
});

test('a component larger than the slot size is split into its Louvain communities, each of two or more children', () => {
  // Two tight clusters of five children (each around its own person) joined by one weak bridge.
  const links: GroupingLink[] = [];
  for (const c of ['a1', 'a2', 'a3', 'a4', 'a5']) links.push(link(child(c), rec('pa', 'person')), link(child(c), rec('la', 'location')));
  for (const c of ['b1', 'b2', 'b3', 'b4', 'b5']) links.push(link(child(c), rec('pb', 'person')), link(child(c), rec('lb', 'location')));
  links.push(link(child('a5'), rec('bridge', 'phone')), link(child('b1'), rec('bridge', 'phone')));
  const whole = linkedChildGroups(links, { maxGroupSize: 10 });
  assert.equal(whole.length, 1, 'ten children fit a slot of ten: one group');
  assert.equal(whole[0]!.childIds.length, 10);
  const split = linkedChildGroups(links, { maxGroupSize: 8 });
  assert.deepEqual(
    split.map((g) => g.childIds),
    [
      ['a1', 'a2', 'a3', 'a4', 'a5'],
      ['b1', 'b2', 'b3', 'b4', 'b5'],
    ],
  );
  assert.ok(split.every((g) => g.fromCommunity));
  assert.deepEqual(
    split[0]!.shared.map((s) => s.recordId),
    ['la', 'pa'],
    'the bridge is shared across groups, not within one',
  );
});

test('the same links give the same groups in any order', () => {
  const links: GroupingLink[] = [];
  for (let i = 0; i < 30; i++) links.push(link(child(`c${i}`), rec(`p${i % 4}`, 'person')), link(child(`c${i}`), rec(`l${i % 7}`, 'location')));
  const one = linkedChildGroups(links);
  const two = linkedChildGroups([...links].reverse());
  assert.deepEqual(one, two);
  assert.ok(one.every((g) => g.childIds.length >= 2));
});

test('groups among an agenda’s children count only their own links', () => {
  const links = [
    link(child('c1'), rec('p1', 'person')),
    link(child('c2'), rec('p1', 'person')),
    link(child('c3'), rec('p1', 'person')),
    link(child('c4'), rec('v1', 'vehicle')),
    link(child('c5'), rec('v1', 'vehicle')),
  ];
  assert.deepEqual(
    groupsAmong(links, ['c1', 'c3', 'c4']).map((g) => g.childIds),
    [['c1', 'c3']],
  );
  assert.deepEqual(groupsAmong(links, ['c1', 'c4']), [], 'c1 and c4 share nothing');
});

test('a record linked to more children than maxSharedBy (a busy station) does not connect them on its own', () => {
  const links = ['c1', 'c2', 'c3'].map((c) => link(child(c), rec('station', 'location'), 'frequents'));
  assert.equal(linkedChildGroups(links, { maxSharedBy: 3 }).length, 1);
  assert.deepEqual(linkedChildGroups(links, { maxSharedBy: 2 }), []);
});
