import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';

const t = await testApp();
const coordinator = await t.signIn('coordinator');
const practitioner = await t.signIn('practitioner');
const responder = await t.signIn('responder');

type Child = { id: string; reference: string; first_name: string; last_name: string };
const kids = await t.db.query<Child>(`SELECT id, reference, first_name, last_name FROM children WHERE partnership_id = 'staffordshire' ORDER BY reference`);
const [medium, high, ...rest] = kids as [Child, Child, ...Child[]];
// A demo child with no assessment at all (the demo's first three have an RFM).
const [unassessed] = (await t.db.query<Child>(
  `SELECT id, reference, first_name, last_name FROM children c WHERE partnership_id = 'staffordshire'
     AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.partnership_id = c.partnership_id AND a.child_id = c.id) ORDER BY reference LIMIT 1`,
)) as [Child];
const staffs = t.partnerships.get('staffordshire')!;
const versionIn = (html: string, action: string) => new RegExp(`action="${action}"[\\s\\S]*?name="version" value="(\\d+)"`).exec(html)![1]!;
const referralOf = async (childId: string) =>
  (await t.db.query<{ id: string }>(`SELECT id FROM panel_referrals WHERE child_id = $1 ORDER BY referred_at DESC LIMIT 1`, [childId]))[0]?.id;
const lead = { leadName: 'Priya Fairweather', leadAgencyId: 'childrens-services', leadContact: '01632 960001' };

test('a child with no medium or high risk cannot be referred by a practitioner: refused with the reason', async () => {
  const page = await practitioner.agent.get(`/children/${unassessed.id}/panel-referral`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Every child referred to a panel has a Risk Factor Matrix showing medium or high risk/);
  const res = await practitioner.post(`/children/${unassessed.id}/panel-referral`, lead);
  assert.equal(res.status, 400);
  assert.match(res.text, /<title>Error: /);
  assert.match(res.text, /href="#risk">The child cannot be referred: their current judged risk is not assessed/);
  assert.equal(await referralOf(unassessed.id), undefined);
});

test('a coordinator may refer such a child only with a reason', async () => {
  const res = await coordinator.post(`/children/${unassessed.id}/panel-referral`, lead);
  assert.equal(res.status, 400);
  assert.match(res.text, /href="#overrideReason">Enter why the child should be referred/);
  const ok = await coordinator.post(`/children/${unassessed.id}/panel-referral`, {
    ...lead,
    overrideReason: 'Police intelligence of association; RFM not yet received.',
  });
  assert.equal(ok.status, 303);
  const [row] = await t.db.query<{ source: string; override_reason: string; risk_level: string | null }>(
    `SELECT source, override_reason, risk_level FROM panel_referrals WHERE child_id = $1`,
    [unassessed.id],
  );
  assert.deepEqual(row, { source: 'manual', override_reason: 'Police intelligence of association; RFM not yet received.', risk_level: null });
});

test('the demo medium-risk child is referred with the lead professional, and a check is requested of each configured agency', async () => {
  const missing = await practitioner.post(`/children/${medium.id}/panel-referral`, { leadName: '', leadAgencyId: '' });
  assert.equal(missing.status, 400);
  assert.match(missing.text, /href="#leadName">Enter the lead professional’s name/);
  const res = await practitioner.post(`/children/${medium.id}/panel-referral`, lead);
  assert.equal(res.status, 303);
  const id = await referralOf(medium.id);
  assert.ok(id);
  assert.equal(res.headers.location, `/panel-referrals/${id}?done=referred`);
  const [r] = await t.db.query<{ source: string; risk_level: string; status: string; lead_professional_name: string }>(
    `SELECT source, risk_level, status, lead_professional_name FROM panel_referrals WHERE id = $1`,
    [id],
  );
  assert.deepEqual(r, { source: 'assessment', risk_level: 'medium', status: 'proposed', lead_professional_name: 'Priya Fairweather' });
  const checks = await t.db.query<{ agency_id: string; status: string }>(
    `SELECT agency_id, status FROM lateral_checks WHERE referral_id = $1 ORDER BY agency_id`,
    [id],
  );
  assert.deepEqual(
    checks.map((c) => c.agency_id),
    [...staffs.lateralCheckAgencies].sort(),
  );
  assert.equal(checks.length, 9, 'the nine Staffordshire lateral-check agencies of DOMAIN §2');
  assert.ok(checks.every((c) => c.status === 'requested'));
  const again = await practitioner.post(`/children/${medium.id}/panel-referral`, lead);
  assert.equal(again.headers.location, `/panel-referrals/${id}`, 'a second referral goes to the open one');
});

test('the education responder sees the check with the child’s name and reference; each child shown is audited', async () => {
  const list = await responder.agent.get('/lateral-checks');
  assert.equal(list.status, 200);
  assert.match(list.text, /Lateral checks for your agency \(2\)/);
  assert.ok(list.text.indexOf(unassessed.last_name) < list.text.indexOf(medium.last_name), 'oldest first');
  assert.match(list.text, new RegExp(medium.reference));
  const audits = await t.db.query<{ child_id: string }>(`SELECT child_id FROM audit_events WHERE action = 'lateral-check.list' ORDER BY id DESC LIMIT 2`);
  assert.deepEqual(audits.map((a) => a.child_id).sort(), [medium.id, unassessed.id].sort());
  const home = await responder.agent.get('/');
  assert.match(home.text, /Lateral checks for your agency \(2\)/);
  assert.match(home.text, new RegExp(`Lateral check requested: share what your agency knows about child ${medium.reference}`));
});

test('the responder’s home says what is asked: each lateral check, by when and where it goes, with a link; and the actions for the agency', async () => {
  const { formatDate } = await import('../../platform/dates.ts');
  const id = await referralOf(medium.id);
  const [check] = await t.db.query<{ id: string }>(`SELECT id FROM lateral_checks WHERE referral_id = $1 AND agency_id = 'education'`, [id]);
  // DOMAIN §6 (003): lateral checks are collated before the pre-MACE thresholding, a week before the district panel.
  const [next] = await t.db.query<{ starts_at: Date; name: string; type_id: string }>(
    `SELECT o.starts_at, s.name, s.type_id FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
      WHERE s.partnership_id = 'staffordshire' AND s.district_id = (SELECT district_id FROM children WHERE id = $1) AND s.type_id IN ('pre-mace', 'district-mace')
        AND o.status <> 'cancelled' AND o.starts_at > now() ORDER BY o.starts_at LIMIT 1`,
    [medium.id],
  );
  assert.ok(next, 'the child’s district has a meeting to come');
  assert.equal(next.type_id, 'pre-mace', 'the thresholding comes before the panel');
  const [responderUser] = await t.db.query<{ id: string; agency_id: string }>(
    `SELECT id, agency_id FROM users WHERE email = 'responder@staffordshire.example.org'`,
  );
  assert.equal(responderUser!.agency_id, 'education');
  const insertAction = (what: string, agency: string, ownerUser: string | null) =>
    t.db.query<{ id: string }>(
      `INSERT INTO actions (partnership_id, child_id, what, kind, owner_user_id, owner_team, owner_agency_id, measure, agreed_by, due_on, created_by)
       VALUES ('staffordshire', $1, $2, 'support-child', $3, $4, $5, 'Confirmed at the next panel', 'District MACE panel', current_date + 10, $6) RETURNING id`,
      [medium.id, what, ownerUser, ownerUser ? null : 'Education safeguarding team', agency, responderUser!.id],
    );
  const [ours] = await insertAction('Arrange a school place review for the child', 'education', null);
  await insertAction('Police disruption visit to the address', 'police', null);

  const home = await responder.agent.get('/');
  assert.equal(home.status, 200);
  const item = home.text.split('<li>').find((l) => l.includes(`href="/lateral-checks/${check!.id}"`))!;
  assert.match(
    item,
    new RegExp(`>Lateral check requested: share what your agency knows about child ${medium.reference}</a>, by ${formatDate(next.starts_at)}`),
  );
  assert.ok(item.includes(`Answer before the ${next.name} on ${formatDate(next.starts_at)}, or say that nothing is known.`), item);
  assert.doesNotMatch(home.text, new RegExp(`>Child ${medium.reference}<`), 'no bare reference with nothing to act on');
  assert.doesNotMatch(home.text, new RegExp(medium.last_name), 'the home page names no child to a responder');

  assert.match(home.text, /Actions for your agency \(1\)/);
  assert.match(
    home.text,
    new RegExp(`<a class="govuk-link" href="/actions/${ours!.id}">Action for your agency: Arrange a school place review for the child</a>`),
  );
  assert.match(home.text, /allocated to Education safeguarding team\./);
  assert.doesNotMatch(home.text, /Police disruption visit/, 'another agency’s action is not listed');
  assert.doesNotMatch(home.text, /There is nothing for you to do/);
});

test('a responder answers: information shared needs text; nothing known does not; a stale version is refused with 409', async () => {
  const id = await referralOf(medium.id);
  const [check] = await t.db.query<{ id: string }>(`SELECT id FROM lateral_checks WHERE referral_id = $1 AND agency_id = 'education'`, [id]);
  const page = await responder.agent.get(`/lateral-checks/${check!.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(medium.first_name));
  const v = versionIn(page.text, `/lateral-checks/${check!.id}`);
  const empty = await responder.post(`/lateral-checks/${check!.id}`, { version: v, kind: 'shared', text: '  ' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /href="#text">Enter the information your agency holds/);
  const none = await responder.post(`/lateral-checks/${check!.id}`, { version: v });
  assert.match(none.text, /Select whether information is shared or nothing is known/);
  const ok = await responder.post(`/lateral-checks/${check!.id}`, { version: v, kind: 'shared', text: 'Attendance 61% this term; two fixed-term exclusions.' });
  assert.equal(ok.status, 303);
  const stale = await responder.post(`/lateral-checks/${check!.id}`, { version: v, kind: 'nothing-known' });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /This check changed while you were working on it/);
  const [row] = await t.db.query<{ status: string; response_kind: string; response_text: string; answered_by: string }>(
    `SELECT status, response_kind, response_text, answered_by FROM lateral_checks WHERE id = $1`,
    [check!.id],
  );
  assert.deepEqual(row, {
    status: 'answered',
    response_kind: 'shared',
    response_text: 'Attendance 61% this term; two fixed-term exclusions.',
    answered_by: await t.userId('responder'),
  });
  const [conflicts] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM edit_conflicts WHERE record_id = $1`, [check!.id]);
  assert.equal(conflicts!.n, 1);
  assert.doesNotMatch((await responder.agent.get('/lateral-checks')).text, new RegExp(medium.last_name), 'answered checks leave the list');
});

test('a responder of another agency gets 404 on a check, and another partnership too', async () => {
  const id = await referralOf(medium.id);
  const [check] = await t.db.query<{ id: string }>(`SELECT id FROM lateral_checks WHERE referral_id = $1 AND agency_id = 'yos'`, [id]);
  const res = await responder.agent.get(`/lateral-checks/${check!.id}`);
  assert.equal(res.status, 404);
  assert.doesNotMatch(res.text, new RegExp(medium.last_name));
  const post = await responder.post(`/lateral-checks/${check!.id}`, { version: '1', kind: 'nothing-known' });
  assert.equal(post.status, 404);
  const [denied] = await t.db.query<{ outcome: string; details: { reason: string } }>(
    `SELECT outcome, details FROM audit_events WHERE subject_id = $1 AND action = 'lateral-check.view'`,
    [check!.id],
  );
  assert.deepEqual([denied!.outcome, denied!.details.reason], ['denied', 'another agency']);
  const rotherham = await t.signIn('coordinator', 'rotherham');
  assert.equal((await rotherham.agent.get(`/panel-referrals/${id}`)).status, 404);
  assert.equal((await rotherham.post(`/panel-referrals/${id}/threshold`, { version: '1', category: '1', rationale: 'x' })).status, 404);
  const otherResponder = await t.signIn('responder', 'rotherham');
  assert.equal((await otherResponder.agent.get(`/lateral-checks/${check!.id}`)).status, 404);
});

test('the coordinator sees each check’s status with the outstanding ones flagged, and records a file-check note and the checklist', async () => {
  const id = (await referralOf(medium.id))!;
  const page = await coordinator.agent.get(`/panel-referrals/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Lateral checks \(8 of 9 outstanding\)/);
  assert.equal((page.text.match(/govuk-tag--red">Outstanding/g) ?? []).length, 8);
  assert.match(page.text, /Attendance 61% this term/);
  const note = await coordinator.post(`/panel-referrals/${id}/file-check`, { version: versionIn(page.text, `/panel-referrals/${id}/file-check`), note: '' });
  assert.equal(note.status, 400);
  assert.match(note.text, /href="#note">Enter the file-check note/);
  const saved = await coordinator.post(`/panel-referrals/${id}/file-check`, {
    version: versionIn(page.text, `/panel-referrals/${id}/file-check`),
    note: 'Open to CIN since March; allocated social worker.',
  });
  assert.equal(saved.status, 303);
  const page2 = await practitioner.agent.get(`/panel-referrals/${id}`);
  assert.match(page2.text, /Open to CIN since March/);
  const cl = await practitioner.post(`/panel-referrals/${id}/checklist`, {
    version: versionIn(page2.text, `/panel-referrals/${id}/checklist`),
    done: ['rfm-sent', 'agencies-told', 'bogus'],
  });
  assert.equal(cl.status, 303);
  const [row] = await t.db.query<{ checklist_done: string[] }>(`SELECT checklist_done FROM panel_referrals WHERE id = $1`, [id]);
  assert.deepEqual(row!.checklist_done, ['rfm-sent', 'agencies-told']);
  assert.match((await practitioner.agent.get(`/panel-referrals/${id}`)).text, /checklist \(2 of 5\)/);
  const stale = await practitioner.post(`/panel-referrals/${id}/checklist`, {
    version: versionIn(page2.text, `/panel-referrals/${id}/checklist`),
    done: ['rfm-sent'],
  });
  assert.equal(stale.status, 409);
});

test('thresholding needs a category and a rationale; categories 2 and 3 write a key decision to the timeline', async () => {
  const id = (await referralOf(medium.id))!;
  const url = `/panel-referrals/${id}/threshold`;
  let page = await coordinator.agent.get(`/panel-referrals/${id}`);
  const none = await coordinator.post(url, { version: versionIn(page.text, url), rationale: '' });
  assert.equal(none.status, 400);
  assert.match(none.text, /href="#category">Select the agenda category/);
  assert.match(none.text, /href="#rationale">Enter the rationale for the decision/);
  const practitionerTry = await practitioner.post(url, { version: versionIn(page.text, url), category: '1', rationale: 'x' });
  assert.equal(practitionerTry.status, 403, 'thresholding is for coordinators');
  for (const [category, rationale, summary] of [
    ['2', 'RFM is five months old.', 'Key decision: insufficient information. Rationale: RFM is five months old.'],
    ['3', 'Safety plan updated; CIN in place.', 'Key decision: remain under MACE consideration, no discussion. Rationale: Safety plan updated; CIN in place.'],
    ['1', 'Linked with two children in the same group.', 'Pre-MACE thresholding: discuss at MACE'],
  ] as const) {
    page = await coordinator.agent.get(`/panel-referrals/${id}`);
    const res = await coordinator.post(url, { version: versionIn(page.text, url), category, rationale });
    assert.equal(res.status, 303, `category ${category}`);
    const [tl] = await t.db.query<{ summary: string }>(
      `SELECT summary FROM timeline_events WHERE child_id = $1 AND kind = 'panel' ORDER BY occurred_at DESC LIMIT 1`,
      [medium.id],
    );
    assert.equal(tl!.summary, summary);
    const [r] = await t.db.query<{ status: string; category: number }>(`SELECT status, category FROM panel_referrals WHERE id = $1`, [id]);
    assert.deepEqual(r, { status: 'thresholded', category: Number(category) });
  }
  const stale = await coordinator.post(url, { version: versionIn(page.text, url), category: '3', rationale: 'Late.' });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /This referral changed while you were working on it/);
  assert.match(stale.text, />Late.<\/textarea>/, 'the input is kept');
});

test('category 4 moved away needs the transfer record, stores it and closes the referral', async () => {
  const res0 = await practitioner.post(`/children/${high.id}/panel-referral`, lead);
  assert.equal(res0.status, 303);
  const id = (await referralOf(high.id))!;
  const url = `/panel-referrals/${id}/threshold`;
  const page = await coordinator.agent.get(`/panel-referrals/${id}`);
  const v = versionIn(page.text, url);
  const noReason = await coordinator.post(url, { version: v, category: '4', rationale: 'Moved.' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.text, /href="#removalReason">Select why the child is removed from MACE/);
  const noTransfer = await coordinator.post(url, { version: v, category: '4', removalReason: 'moved-away', rationale: 'Moved.' });
  assert.equal(noTransfer.status, 400);
  assert.match(noTransfer.text, /href="#hostAuthority">Enter the host authority/);
  assert.match(noTransfer.text, /href="#concernsContinue">Select whether concerns continue/);
  const ok = await coordinator.post(url, {
    version: v,
    category: '4',
    removalReason: 'moved-away',
    hostAuthority: 'Exampleshire County Council',
    concernsContinue: 'yes',
    requestInclusion: 'yes',
    rationale: 'Moved to Exampleshire with mother; concerns continue.',
  });
  assert.equal(ok.status, 303);
  const [r] = await t.db.query(
    `SELECT status, category, removal_reason, transfer_host_authority, transfer_concerns_continue, transfer_request_inclusion FROM panel_referrals WHERE id = $1`,
    [id],
  );
  assert.deepEqual(r, {
    status: 'closed',
    category: 4,
    removal_reason: 'moved-away',
    transfer_host_authority: 'Exampleshire County Council',
    transfer_concerns_continue: true,
    transfer_request_inclusion: true,
  });
  const [tl] = await t.db.query<{ summary: string }>(
    `SELECT summary FROM timeline_events WHERE child_id = $1 AND kind = 'panel' ORDER BY occurred_at DESC LIMIT 1`,
    [high.id],
  );
  assert.equal(
    tl!.summary,
    'Key decision: remove from MACE (the child has moved out of the area). Rationale: Moved to Exampleshire with mother; concerns continue.',
  );
  const after = await coordinator.agent.get(`/panel-referrals/${id}`);
  assert.match(after.text, /Exampleshire County Council/);
  assert.doesNotMatch(after.text, /Record thresholding decision/, 'a closed referral takes no more decisions');
  assert.doesNotMatch((await responder.agent.get('/lateral-checks')).text, new RegExp(high.last_name), 'checks of a closed referral are no longer asked');
  assert.equal((await practitioner.post(`/children/${high.id}/panel-referral`, lead)).status, 303, 'a removed child may be referred again');
});

test('under 18 (003): a young person aged 18 or over today is not referred to a panel, even by a coordinator with a reason', async () => {
  const young = rest[5]!;
  const [{ dob }] = (await t.db.query<{ dob: string }>(`SELECT date_of_birth::text AS dob FROM children WHERE id = $1`, [young.id])) as [{ dob: string }];
  await t.db.query(`UPDATE children SET date_of_birth = (now() AT TIME ZONE 'Europe/London')::date - interval '18 years' WHERE id = $1`, [young.id]);
  try {
    const page = await coordinator.agent.get(`/children/${young.id}/panel-referral`);
    assert.equal(page.status, 409);
    assert.match(page.text, /MACE is for children under 18: a panel referral cannot be made/);
    assert.match(page.text, new RegExp(staffs.adultSupportText.slice(0, 40)));
    assert.doesNotMatch(page.text, /name="leadName"/, 'no form to fill in');
    const res = await coordinator.post(`/children/${young.id}/panel-referral`, { ...lead, overrideReason: 'Police intelligence.' });
    assert.equal(res.status, 409);
    assert.equal(await referralOf(young.id), undefined);
    const [a] = await t.db.query<{ outcome: string; details: { reason: string } }>(
      `SELECT outcome, details FROM audit_events WHERE child_id = $1 AND action = 'panel.refer' ORDER BY id DESC LIMIT 1`,
      [young.id],
    );
    assert.deepEqual([a!.outcome, a!.details.reason], ['failed', '18 or over']);
  } finally {
    await t.db.query(`UPDATE children SET date_of_birth = $2 WHERE id = $1`, [young.id, dob]);
  }
});
