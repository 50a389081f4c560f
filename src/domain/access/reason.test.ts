import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agencyInvolved, reasonAskedOf } from './reason.ts';

test('DOMAIN §7 reason for access: coordinators, chairs and panel administrators are never asked, even when configured', () => {
  const asked = ['practitioner', 'coordinator', 'chair', 'administrator', 'admin'];
  assert.equal(reasonAskedOf(['coordinator'], asked), false);
  assert.equal(reasonAskedOf(['chair'], asked), false);
  assert.equal(reasonAskedOf(['administrator'], asked), false);
  assert.equal(reasonAskedOf(['practitioner', 'chair'], asked), false, 'a practitioner who also chairs sees every child by that job');
});

test('DOMAIN §7 reason for access: asked only of the roles the partnership configures (none by default)', () => {
  assert.equal(reasonAskedOf(['practitioner'], ['practitioner']), true);
  assert.equal(reasonAskedOf(['admin'], ['practitioner']), false);
  assert.equal(reasonAskedOf(['admin'], ['practitioner', 'admin']), true);
  assert.equal(reasonAskedOf(['practitioner'], []), false);
});

const none = { leadAgencyId: null, agencyIds: [], createdBy: null, actionAgencyIds: [], itemAgencyIds: [] };
const user = { agencyId: 'police', userId: 'u1' };

test('DOMAIN §7 reason for access: an agency is involved as lead, as one of the child’s agencies, through an action or a meeting item, or the user made the record', () => {
  assert.equal(agencyInvolved(user, none), false);
  assert.equal(agencyInvolved(user, { ...none, leadAgencyId: 'police' }), true);
  assert.equal(agencyInvolved(user, { ...none, agencyIds: ['health', 'police'] }), true);
  assert.equal(agencyInvolved(user, { ...none, actionAgencyIds: ['police'] }), true);
  assert.equal(agencyInvolved(user, { ...none, itemAgencyIds: ['police'] }), true);
  assert.equal(agencyInvolved(user, { ...none, createdBy: 'u1' }), true);
  assert.equal(agencyInvolved(user, { ...none, leadAgencyId: 'health', agencyIds: ['education'], createdBy: 'u2' }), false);
});
