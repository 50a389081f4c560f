import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAFFORDSHIRE_DISTRICTS, staffordshirePathway } from './staffordshire.ts';
import type { StaffordshireDistrict, StaffordshirePathwayInput } from './staffordshire.ts';

const base: StaffordshirePathwayInput = {
  band: 'suspected',
  riskType: 'CSE',
  district: 'stafford',
  openToChildrensServices: true,
  hasAllocatedSocialWorker: true,
};
const ids = (input: Partial<StaffordshirePathwayInput>) => staffordshirePathway({ ...base, ...input }).map((r) => r.id);

test('no exploitation risk has no pathway at all, whatever the risk type', () => {
  for (const riskType of ['CSE', 'CCE', 'Dual'] as const) {
    assert.deepEqual(ids({ band: 'none', riskType, openToChildrensServices: false, hasAllocatedSocialWorker: false }), []);
  }
});

test('vulnerable CSE: partner referrals, early intervention, consider EHA, and the CE team referral; nothing required', () => {
  const routes = staffordshirePathway({ ...base, band: 'vulnerable' });
  assert.deepEqual(
    routes.map((r) => r.id),
    ['partner-agency-referrals', 'early-intervention', 'consider-early-help-assessment', 'ce-team-referral'],
  );
  assert.ok(routes.every((r) => !r.required));
});

test('vulnerable is not sent to the CE coordinators and never requires SCASS, even with no social worker', () => {
  const got = ids({ band: 'vulnerable', openToChildrensServices: false, hasAllocatedSocialWorker: false });
  assert.ok(!got.includes('ce-coordinators'));
  assert.ok(!got.includes('scass-referral'));
  assert.ok(!got.includes('early-help-or-scass-referral'));
});

test('suspected is sent to the CE coordinators, and that is required', () => {
  const route = staffordshirePathway(base).find((r) => r.id === 'ce-coordinators');
  assert.equal(route?.required, true);
});

test('suspected and not open to children’s services: consider EHA or a SCASS safeguarding referral (not required)', () => {
  const routes = staffordshirePathway({ ...base, openToChildrensServices: false, hasAllocatedSocialWorker: false });
  const route = routes.find((r) => r.id === 'early-help-or-scass-referral');
  assert.equal(route?.required, false);
  assert.ok(!routes.some((r) => r.id === 'scass-referral'), 'suspected never requires SCASS');
});

test('suspected and already open to children’s services gets no EHA/SCASS route', () => {
  assert.ok(!ids({}).includes('early-help-or-scass-referral'));
});

test('evidenced without an allocated social worker REQUIRES a SCASS referral', () => {
  const route = staffordshirePathway({ ...base, band: 'evidenced', hasAllocatedSocialWorker: false }).find((r) => r.id === 'scass-referral');
  assert.equal(route?.required, true);
  assert.match(route?.reason ?? '', /must have a referral to SCASS/);
});

test('evidenced with an allocated social worker needs no SCASS referral', () => {
  assert.ok(!ids({ band: 'evidenced', hasAllocatedSocialWorker: true }).includes('scass-referral'));
});

test('evidenced, not open and no social worker: CE coordinators, EHA-or-SCASS and required SCASS all apply', () => {
  assert.deepEqual(ids({ band: 'evidenced', openToChildrensServices: false, hasAllocatedSocialWorker: false }), [
    'ce-coordinators',
    'early-help-or-scass-referral',
    'scass-referral',
    'ce-team-referral',
  ]);
});

test('CCE in Newcastle, Moorlands and Stafford goes to YOS Prevention North, or Catch22', () => {
  for (const district of ['newcastle', 'moorlands', 'stafford'] as const) {
    assert.deepEqual(ids({ riskType: 'CCE', district }), ['ce-coordinators', 'yos-prevention-north', 'catch22']);
  }
});

test('CCE in Cannock, South Staffordshire, Tamworth, Lichfield and East Staffordshire goes to YOS Prevention East, or Catch22', () => {
  for (const district of ['cannock', 'south-staffordshire', 'tamworth', 'lichfield', 'east-staffordshire'] as const) {
    assert.deepEqual(ids({ riskType: 'CCE', district }), ['ce-coordinators', 'yos-prevention-east', 'catch22']);
  }
});

test('every one of the eight districts has a YOS Prevention team', () => {
  assert.equal(STAFFORDSHIRE_DISTRICTS.length, 8);
  for (const district of STAFFORDSHIRE_DISTRICTS) {
    const got = ids({ riskType: 'CCE', district });
    assert.ok(got.includes('yos-prevention-north') || got.includes('yos-prevention-east'), district);
  }
});

test('the YOS Prevention route says it is for a child coming to police attention', () => {
  const route = staffordshirePathway({ ...base, riskType: 'CCE' }).find((r) => r.id === 'yos-prevention-north');
  assert.match(route?.reason ?? '', /coming to the attention of police/);
  assert.equal(route?.required, false);
});

test('CSE gets the CE team referral (with an updated RFM) and no CCE routes', () => {
  const routes = staffordshirePathway(base);
  const ce = routes.find((r) => r.id === 'ce-team-referral');
  assert.match(ce?.reason ?? '', /without an updated RFM are not accepted/);
  assert.ok(!routes.some((r) => r.id === 'catch22' || r.id.startsWith('yos-')));
});

test('CCE gets no CE team referral', () => {
  assert.ok(!ids({ riskType: 'CCE' }).includes('ce-team-referral'));
});

test('Dual risk gets both the CCE routes and the CE team referral', () => {
  assert.deepEqual(ids({ riskType: 'Dual', district: 'tamworth' }), ['ce-coordinators', 'yos-prevention-east', 'catch22', 'ce-team-referral']);
});

test('every route has a title and a reason', () => {
  const routes = staffordshirePathway({
    ...base,
    band: 'evidenced',
    riskType: 'Dual',
    openToChildrensServices: false,
    hasAllocatedSocialWorker: false,
  });
  for (const r of routes) {
    assert.ok(r.title.length > 0 && r.reason.length > 0, r.id);
  }
});

test('an unknown district is refused', () => {
  assert.throws(() => staffordshirePathway({ ...base, district: 'birmingham' as StaffordshireDistrict }), /Unknown Staffordshire district/);
});
