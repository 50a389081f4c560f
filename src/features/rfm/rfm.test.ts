import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { todayIso } from '../../platform/dates.ts';
import { addCalendarMonths } from '../../domain/calendar/dates.ts';

const t = await testApp();
const s = await t.signIn('practitioner');
type Session = typeof s;

const dateParts = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
};

/** Fourteen scores adding up to `total`, filled from indicator 1. */
function scoresFor(total: number): number[] {
  const out: number[] = [];
  let left = total;
  for (let i = 0; i < 14; i++) {
    const v = Math.min(4, left);
    out.push(v);
    left -= v;
  }
  return out;
}

async function version(session: Session, id: string, part = 'consent') {
  const page = await session.agent.get(`/rfm/${id}/${part}`);
  return /name="version" value="(\d+)"/.exec(page.text)![1]!;
}

async function savePart(session: Session, id: string, part: string, fields: Record<string, unknown>, action = 'continue') {
  return session.post(`/rfm/${id}/${part}`, { version: await version(session, id, part), action, ...fields });
}

async function startRfm(session: Session, childId: string) {
  const res = await session.post(`/children/${childId}/rfm/new`);
  assert.equal(res.status, 303);
  return /\/rfm\/([0-9a-f-]{36})$/.exec(res.headers.location!)![1]!;
}

async function completeRfm(
  session: Session,
  childId: string,
  o: {
    total: number;
    judgement?: Record<string, string>;
    completedOn?: string;
    riskType?: string;
    allocatedSocialWorker?: string;
    openToChildrensServices?: string;
    beforeSubmit?: () => Promise<unknown>;
  } = { total: 30 },
) {
  const id = await startRfm(session, childId);
  const ok = (r: { status: number }) => assert.equal(r.status, 303, 'part saved');
  ok(await savePart(session, id, 'consent', { childConsent: 'yes-self', supportReferral: 'no', parentsAware: 'no-safeguarding' }));
  ok(
    await savePart(session, id, 'section-a', {
      ...dateParts('completedOn', o.completedOn ?? todayIso()),
      riskType: o.riskType ?? 'CSE',
      childViews: 'Says she is fine; worried about her friend.',
      childBelievesAtRisk: 'no',
    }),
  );
  ok(await savePart(session, id, 'section-b', { primaryRisk: 'CSE', confirmed: 'yes' }));
  ok(
    await savePart(session, id, 'section-c', {
      name: 'Priya Fairweather',
      telephone: '01632 960001',
      roleAgency: 'Social worker, Children’s Services',
      email: 'practitioner@staffordshire.example.org',
      ...dateParts('dateInitialCompleted', todayIso()),
      partnersConsulted: 'yes',
      openToChildrensServices: o.openToChildrensServices ?? 'yes',
      allocatedSocialWorker: o.allocatedSocialWorker ?? 'yes',
    }),
  );
  ok(
    await savePart(session, id, 'section-d', {
      strengths: 'Close to her grandmother.',
      worries: 'Older males collecting her from school (friends, not relatives).',
    }),
  );
  const scores = scoresFor(o.total);
  const ind = (from: number, to: number) => Object.fromEntries(scores.slice(from - 1, to).map((v, i) => [`score-${from + i}`, String(v)]));
  ok(await savePart(session, id, 'indicators-a', ind(1, 7)));
  ok(await savePart(session, id, 'indicators-b', ind(8, 14)));
  ok(await savePart(session, id, 'judgement', o.judgement ?? { decision: 'agree' }));
  await o.beforeSubmit?.();
  const check = await session.agent.get(`/rfm/${id}/check`);
  assert.equal(check.status, 200);
  const v = /name="version" value="(\d+)"/.exec(check.text)![1]!;
  const submitted = await session.post(`/rfm/${id}/submit`, { version: v });
  return { id, submitted };
}

test('a practitioner completes an RFM part by part and submits it: band, judged level, pathway, mail and triage', async () => {
  const child = await t.anyChild();
  const { id, submitted } = await completeRfm(s, child.id, { total: 30, riskType: 'Dual' });
  assert.equal(submitted.headers.location, `/rfm/${id}/confirmation`);
  const conf = await s.agent.get(`/rfm/${id}/confirmation`);
  assert.match(conf.text, /Risk Factor Matrix submitted/);
  assert.match(conf.text, /medium risk/);
  assert.match(conf.text, /Suspected exploitation – signs but no evidence of exploitation/);
  assert.match(conf.text, /CE coordinators/);
  assert.match(conf.text, /YOS Prevention \(North\)/, 'Newcastle is a North district, and Dual risk includes CCE');
  const [a] = await t.db.query<{
    scored_result: { total: number; band: string };
    judged_level: string;
    scored_level: string;
    period_start: string;
    period_end: string;
  }>(`SELECT * FROM assessments WHERE id = $1`, [id]);
  assert.equal(a!.scored_result.total, 30);
  assert.equal(a!.scored_result.band, 'suspected');
  assert.equal(a!.judged_level, 'medium');
  assert.equal(a!.period_end, todayIso());
  assert.equal(a!.period_start, addCalendarMonths(todayIso(), -6));
  const mail = await t.db.query<{ to_address: string; subject: string; body: string }>(`SELECT to_address, subject, body FROM outbox ORDER BY id DESC LIMIT 1`);
  assert.equal(mail[0]!.to_address, 'ce-coordinators@staffordshire.example.org');
  assert.match(mail[0]!.body, new RegExp(`Open MACE to read it: ${t.config.publicUrl}/assessments/${id}\n`), 'a whole link in the email');
  assert.doesNotMatch(mail[0]!.subject, new RegExp(child.last_name), 'no name in the mail subject');
  const triage = await t.db.query(`SELECT 1 FROM triage_items WHERE subject_id = $1 AND kind = 'assessment' AND status = 'new'`, [id]);
  assert.equal(triage.length, 1);
  const page = await s.agent.get(`/children/${child.id}`);
  assert.match(page.text, /MEDIUM risk/);
  assert.match(page.text, /Risk Factor Matrix submitted: medium risk/);
});

test('the totals and band are computed on the server at the band boundaries (12 none, 13 vulnerable, 39 suspected, 40 evidenced)', async () => {
  const child = await t.anyChild('staffordshire');
  for (const [total, band] of [
    [12, 'none'],
    [13, 'vulnerable'],
    [39, 'suspected'],
    [40, 'evidenced'],
  ] as const) {
    const { id } = await completeRfm(s, child.id, { total, allocatedSocialWorker: 'yes' });
    const [a] = await t.db.query<{ scored_result: { total: number; band: string } }>(`SELECT scored_result FROM assessments WHERE id = $1`, [id]);
    assert.deepEqual([a!.scored_result.total, a!.scored_result.band], [total, band]);
  }
});

test('a part with a missing or out-of-range score is refused with the indicator named, but what was typed is kept', async () => {
  const child = await t.anyChild();
  const id = await startRfm(s, child.id);
  const res = await savePart(s, id, 'indicators-a', { 'score-1': '5', 'score-2': '2', 'evidence-2': 'School attendance 60% (education, observed)' });
  assert.equal(res.status, 400);
  assert.match(res.text, /href="#score-1">Select a score for indicator 1/);
  assert.match(res.text, /href="#score-3">Select a score for indicator 3/);
  assert.match(res.text, /School attendance 60%/);
  const [a] = await t.db.query<{ content: { indicators: Record<string, { evidence?: string }> } }>(`SELECT content FROM assessments WHERE id = $1`, [id]);
  assert.equal(a!.content.indicators['2']!.evidence, 'School attendance 60% (education, observed)', 'saved to the draft even though invalid');
});

test('save as draft keeps partial answers and comes back to the task list with statuses', async () => {
  const child = await t.anyChild();
  const id = await startRfm(s, child.id);
  const res = await savePart(s, id, 'section-d', { strengths: 'Plays football' }, 'draft');
  assert.equal(res.headers.location, `/rfm/${id}?saved=1`);
  const list = await s.agent.get(res.headers.location!);
  assert.match(list.text, /saved as a draft/);
  assert.match(list.text, /In progress/);
  assert.match(list.text, /Not yet started/);
  const again = await s.agent.get(`/rfm/${id}/section-d`);
  assert.match(again.text, /Plays football/);
});

test('autosave answers JSON with the new version, for the browser to carry on', async () => {
  const child = await t.anyChild();
  const id = await startRfm(s, child.id);
  const v = await version(s, id, 'section-d');
  const res = await s.agent
    .post(`/rfm/${id}/section-d`)
    .set('accept', 'application/json')
    .type('form')
    .send({ _csrf: s.csrf, version: v, action: 'autosave', worries: 'Typed before the timeout' });
  assert.equal(res.status, 200);
  assert.equal(res.body.saved, true);
  assert.equal(res.body.version, Number(v) + 1);
});

test('an override without a reason, and a completion date in the future, are refused', async () => {
  const child = await t.anyChild();
  const id = await startRfm(s, child.id);
  const j = await savePart(s, id, 'judgement', { decision: 'override', band: 'evidenced' });
  assert.equal(j.status, 400);
  assert.match(j.text, /Give the reason for overriding the level indicated by the scores/);
  const a = await savePart(s, id, 'section-a', {
    ...dateParts('completedOn', addCalendarMonths(todayIso(), 1)),
    riskType: 'CSE',
    childViews: 'x',
    childBelievesAtRisk: 'no',
  });
  assert.equal(a.status, 400);
  assert.match(a.text, /Date of completion must be today or in the past/);
});

test('an override is kept beside the scored level wherever the risk is shown', async () => {
  const child = (await t.db.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = 'staffordshire' ORDER BY reference OFFSET 3 LIMIT 1`))[0]!;
  const { id } = await completeRfm(s, child.id, {
    total: 20,
    judgement: { decision: 'override', band: 'suspected', reason: 'Seen getting into cars with older males' },
  });
  const [a] = await t.db.query<{ scored_level: string; judged_level: string }>(`SELECT scored_level, judged_level FROM assessments WHERE id = $1`, [id]);
  assert.deepEqual([a!.scored_level, a!.judged_level], ['low', 'medium']);
  const page = await s.agent.get(`/children/${child.id}`);
  assert.match(page.text, /MEDIUM risk/);
  assert.match(page.text, /scored low: professional judgement differs/);
  const history = await s.agent.get(`/children/${child.id}/assessments`);
  assert.match(history.text, /judgement differs/);
});

test('a submitted RFM is read-only: its pages redirect and a late save changes nothing', async () => {
  const child = await t.anyChild();
  const { id } = await completeRfm(s, child.id, { total: 10 });
  assert.equal((await s.agent.get(`/rfm/${id}/section-d`)).headers.location, `/assessments/${id}`);
  const res = await s.post(`/rfm/${id}/section-d`, { version: '99', strengths: 'Changed after submission', worries: 'x' });
  assert.equal(res.headers.location, `/assessments/${id}`);
  const [a] = await t.db.query<{ content: { 'section-d': { strengths: string } } }>(`SELECT content FROM assessments WHERE id = $1`, [id]);
  assert.notEqual(a!.content['section-d'].strengths, 'Changed after submission');
});

test('two people saving the same draft: the second is told, and neither loses work', async () => {
  const child = await t.anyChild();
  const id = await startRfm(s, child.id);
  const other = await t.signIn('coordinator');
  const v = await version(s, id, 'section-d');
  assert.equal((await other.post(`/rfm/${id}/section-d`, { version: v, action: 'draft', strengths: 'Coordinator’s words', worries: 'w' })).status, 303);
  const stale = await s.post(`/rfm/${id}/section-d`, { version: v, action: 'continue', strengths: 'Practitioner’s words', worries: 'w' });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /Someone else saved this RFM/);
  assert.match(stale.text, /Practitioner’s words/);
  const kept = await t.db.query<{ submitted: { 'section-d': { strengths: string } } }>(`SELECT submitted FROM edit_conflicts WHERE record_id = $1`, [id]);
  assert.equal(kept[0]!.submitted['section-d'].strengths, 'Practitioner’s words');
  const [a] = await t.db.query<{ content: { 'section-d': { strengths: string } } }>(`SELECT content FROM assessments WHERE id = $1`, [id]);
  assert.equal(a!.content['section-d'].strengths, 'Coordinator’s words');
});

test('evidenced with no allocated social worker: the SCASS referral is a required step that stays open until recorded', async () => {
  const child = (await t.db.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = 'staffordshire' AND district_id = 'tamworth' LIMIT 1`))[0]!;
  const { id } = await completeRfm(s, child.id, { total: 44, allocatedSocialWorker: 'no', openToChildrensServices: 'no', riskType: 'CCE' });
  const steps = await t.db.query<{ id: string; route_id: string; required: boolean }>(
    `SELECT id, route_id, required FROM pathway_steps WHERE assessment_id = $1`,
    [id],
  );
  const scass = steps.find((x) => x.route_id === 'scass-referral')!;
  assert.ok(scass.required);
  assert.ok(
    steps.some((x) => x.route_id === 'yos-prevention-east'),
    'Tamworth is an East district',
  );
  assert.match((await s.agent.get(`/children/${child.id}`)).text, /Required step open/);
  const refused = await s.post(`/rfm/${id}/pathway/${scass.id}`, { status: 'not-taken' });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /This step is required/);
  const noDate = await s.post(`/rfm/${id}/pathway/${scass.id}`, { status: 'taken', service: 'SCASS' });
  assert.match(noDate.text, /Enter the date the referral or route was taken/);
  assert.equal(
    (await s.post(`/rfm/${id}/pathway/${scass.id}`, { status: 'taken', service: 'SCASS', ...dateParts(`takenOn-${scass.id}`, todayIso()) })).status,
    303,
  );
  assert.doesNotMatch((await s.agent.get(`/children/${child.id}`)).text, /Required step open/);
});

test('Section E: three reviews change the current risk; a fourth is refused and a new RFM offered', async () => {
  const child = (await t.db.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = 'staffordshire' ORDER BY reference OFFSET 5 LIMIT 1`))[0]!;
  const { id } = await completeRfm(s, child.id, { total: 30 });
  for (const [n, level] of [
    [1, 'high'],
    [2, 'medium'],
    [3, 'low'],
  ] as const) {
    const res = await s.post(`/rfm/${id}/review`, {
      ...dateParts('dateOfReview', todayIso()),
      reviewerName: 'Priya Fairweather',
      howRisksHaveChanged: `Change ${n}`,
      currentRiskLevel: level,
      currentRiskType: 'CSE',
    });
    assert.equal(res.headers.location, `/assessments/${id}?reviewed=${n}`);
    assert.match((await s.agent.get(`/children/${child.id}`)).text, new RegExp(`${level.toUpperCase()} risk`));
  }
  const fourth = await s.post(`/rfm/${id}/review`, {
    ...dateParts('dateOfReview', todayIso()),
    reviewerName: 'P',
    howRisksHaveChanged: 'x',
    currentRiskLevel: 'high',
    currentRiskType: 'CSE',
  });
  assert.equal(fourth.status, 409);
  assert.match(fourth.text, /Start a new RFM/);
  const [{ n }] = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM assessment_reviews WHERE assessment_id = $1`, [id])) as [{ n: number }];
  assert.equal(n, 3);
});

test('a review needs its date, how risks changed and the current level', async () => {
  const child = await t.anyChild();
  const { id } = await completeRfm(s, child.id, { total: 30 });
  const res = await s.post(`/rfm/${id}/review`, { reviewerName: 'P' });
  assert.equal(res.status, 400);
  assert.match(res.text, /Enter the date of this review/);
  assert.match(res.text, /Enter how the risks have changed/);
  assert.match(res.text, /Select the current level of risk/);
});

test('an RFM completed more than six months ago is flagged for renewal; on the six-month day it is still current', async () => {
  const kids = await t.db.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = 'staffordshire' ORDER BY reference OFFSET 6 LIMIT 2`);
  await completeRfm(s, kids[0]!.id, { total: 20, completedOn: addCalendarMonths(todayIso(), -6) });
  assert.doesNotMatch((await s.agent.get(`/children/${kids[0]!.id}`)).text, /renewal due/);
  const old = new Date(`${addCalendarMonths(todayIso(), -6)}T00:00:00Z`);
  old.setUTCDate(old.getUTCDate() - 1);
  await completeRfm(s, kids[1]!.id, { total: 20, completedOn: old.toISOString().slice(0, 10) });
  assert.match((await s.agent.get(`/children/${kids[1]!.id}`)).text, /Risk Factor Matrix renewal due/);
});

test('missing episodes prompt a Missing Intervention Meeting at the 3rd, 5th and 9th, not between', async () => {
  // A child with no missing episode yet (the demo network gives some children episodes).
  const child = (
    await t.db.query<{ id: string }>(
      `SELECT id FROM children c WHERE partnership_id = 'staffordshire' AND NOT EXISTS (SELECT 1 FROM missing_episodes m WHERE m.partnership_id = c.partnership_id AND m.child_id = c.id) ORDER BY reference OFFSET 2 LIMIT 1`,
    )
  )[0]!;
  const prompts: (string | undefined)[] = [];
  for (let i = 1; i <= 9; i++) {
    const res = await s.post(`/children/${child.id}/missing`, dateParts('wentMissingOn', addCalendarMonths(todayIso(), -1)));
    prompts.push(/prompt=(\d+)/.exec(res.headers.location!)?.[1]);
  }
  assert.deepEqual(prompts, [undefined, undefined, '3', undefined, '5', undefined, undefined, undefined, '9']);
  const page = await s.agent.get(`/children/${child.id}/missing?prompt=3`);
  assert.match(page.text, /Missing Intervention Meeting/);
  const bad = await s.post(`/children/${child.id}/missing`, {
    ...dateParts('wentMissingOn', todayIso()),
    ...dateParts('returnedOn', addCalendarMonths(todayIso(), -1)),
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /must be the same as or after the date they went missing/);
});

test('the CE referral is refused without an updated RFM and accepted with one', async () => {
  const child = (await t.db.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = 'staffordshire' ORDER BY reference OFFSET 9 LIMIT 1`))[0]!;
  const refused = await s.agent.get(`/children/${child.id}/ce-referral`);
  assert.equal(refused.status, 409);
  assert.match(refused.text, /a referral without an updated RFM is not accepted/);
  const post = await s.post(`/children/${child.id}/ce-referral`, { reason: 'x' });
  assert.equal(post.status, 409);
  await completeRfm(s, child.id, { total: 30 });
  const empty = await s.post(`/children/${child.id}/ce-referral`, {});
  assert.equal(empty.status, 400);
  assert.match(empty.text, /Enter the reason for referral/);
  const ok = await s.post(`/children/${child.id}/ce-referral`, {
    referrerName: 'Priya Fairweather',
    jobTitle: 'Social worker',
    referrerPhone: '01632 960001',
    referrerEmail: 'practitioner@staffordshire.example.org',
    childConsent: 'yes',
    ...dateParts('consentDate', todayIso()),
    reason: 'Direct work on healthy relationships',
  });
  assert.equal(ok.status, 303);
  const triage = await t.db.query(`SELECT 1 FROM triage_items WHERE child_id = $1 AND kind = 'referral'`, [child.id]);
  assert.equal(triage.length, 1);
  const mail = await t.db.query<{ to_address: string }>(`SELECT to_address FROM outbox WHERE subject LIKE 'CE referral%' ORDER BY id DESC LIMIT 1`);
  assert.equal(mail[0]!.to_address, 'ce-team@staffordshire.example.org');
});

test('an amendment is a new version; the earlier one stays readable and is marked superseded', async () => {
  const child = (await t.db.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = 'staffordshire' ORDER BY reference OFFSET 10 LIMIT 1`))[0]!;
  const { id } = await completeRfm(s, child.id, { total: 30 });
  const amend = await s.post(`/assessments/${id}/amend`);
  const draftId = /\/rfm\/([0-9a-f-]{36})$/.exec(amend.headers.location!)![1]!;
  assert.notEqual(draftId, id);
  const check = await s.agent.get(`/rfm/${draftId}/check`);
  const v = /name="version" value="(\d+)"/.exec(check.text)![1]!;
  assert.equal((await s.post(`/rfm/${draftId}/submit`, { version: v })).status, 303);
  const rows = await t.db.query<{ id: string; series_version: number; superseded_at: Date | null }>(
    `SELECT id, series_version, superseded_at FROM assessments WHERE series_id = (SELECT series_id FROM assessments WHERE id = $1) ORDER BY series_version`,
    [id],
  );
  assert.deepEqual(
    rows.map((r) => [r.series_version, !!r.superseded_at]),
    [
      [1, true],
      [2, false],
    ],
  );
  const old = await s.agent.get(`/assessments/${id}`);
  assert.equal(old.status, 200);
  assert.match(old.text, /replaced by an amendment/);
});

test('roles without assessment rights cannot start an RFM, and another partnership cannot see one', async () => {
  const child = await t.anyChild();
  const { id } = await completeRfm(s, child.id, { total: 30 });
  const admin = await t.signIn('administrator');
  assert.equal((await admin.post(`/children/${child.id}/rfm/new`)).status, 403);
  assert.equal((await admin.agent.get(`/assessments/${id}`)).status, 200, 'panel administrators may read assessments');
  const other = await t.signIn('practitioner', 'rotherham');
  assert.equal((await other.agent.get(`/assessments/${id}`)).status, 404);
  assert.equal((await other.agent.get(`/rfm/${id}/confirmation`)).status, 404);
});

const token = await t.apiToken('practitioner');
const fictional = ['Quilla Underby', 'Tobin Vexley', 'Ondine Marlowe', 'Perrin Ashgrove', 'Seren Calloway', 'Idris Penhallow', 'Wren Kittering'];
/** A new fictional Staffordshire child (`n` picks the name); its date of birth set directly, as a corrected record would be. */
async function childBorn(n: number, dateOfBirth: string) {
  const [firstName, lastName] = fictional[n % fictional.length]!.split(' ');
  const res = await t
    .request()
    .post('/api/v1/children')
    .set('Authorization', `Bearer ${token}`)
    .send({ firstName, lastName, dateOfBirth: '2012-01-01', districtId: 'stafford' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  await t.db.query(`UPDATE children SET date_of_birth = $2 WHERE id = $1`, [res.body.id, dateOfBirth]);
  return res.body.id as string;
}
const yearsAgo = (n: number, days = 0) => {
  const d = new Date(`${addCalendarMonths(todayIso(), -12 * n)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

test('an updated RFM (001): the CE referral takes an RFM completed six months ago today; one a day older is refused, and the form names the RFM it took', async () => {
  const onTheDay = await childBorn(0, yearsAgo(14));
  await completeRfm(s, onTheDay, { total: 30, completedOn: addCalendarMonths(todayIso(), -6) });
  const form = await s.agent.get(`/children/${onTheDay}/ce-referral`);
  assert.equal(form.status, 200);
  const day = Number(addCalendarMonths(todayIso(), -6).slice(8));
  assert.match(form.text, new RegExp(`with the Risk Factor Matrix completed on ${day} `));
  assert.match(form.text, /completed or reviewed in the last 6 months/);
  const older = await childBorn(1, yearsAgo(14));
  const old = new Date(`${addCalendarMonths(todayIso(), -6)}T00:00:00Z`);
  old.setUTCDate(old.getUTCDate() - 1);
  await completeRfm(s, older, { total: 30, completedOn: old.toISOString().slice(0, 10) });
  const refused = await s.agent.get(`/children/${older}/ce-referral`);
  assert.equal(refused.status, 409);
  assert.match(refused.text, /more than 6 months ago/);
});

test('under 18 (001, 003): no RFM is started for a young person on or after their 18th birthday; the day before it is', async () => {
  const adult = await childBorn(2, yearsAgo(18));
  const page = await s.agent.get(`/children/${adult}/rfm/new`);
  assert.equal(page.status, 409);
  assert.match(page.text, /MACE is for children under 18: an RFM cannot be made/);
  assert.match(page.text, /contact adult social care/, 'the partnership’s text saying where adults are supported');
  assert.doesNotMatch(page.text, /Start a new RFM/);
  const before = await t.db.query(`SELECT 1 FROM assessments WHERE child_id = $1`, [adult]);
  const post = await s.post(`/children/${adult}/rfm/new`);
  assert.equal(post.status, 409);
  assert.deepEqual(await t.db.query(`SELECT 1 FROM assessments WHERE child_id = $1`, [adult]), before, 'no draft created');
  const [refusal] = await t.db.query<{ outcome: string }>(
    `SELECT outcome FROM audit_events WHERE child_id = $1 AND action = 'assessment.create' ORDER BY id DESC LIMIT 1`,
    [adult],
  );
  assert.equal(refusal?.outcome, 'failed');
  const child = await childBorn(3, yearsAgo(18, 1));
  assert.equal((await s.agent.get(`/children/${child}/rfm/new`)).status, 200);
  await startRfm(s, child);
});

test('under 18: an RFM completed on or after the young person’s 18th birthday is not submitted', async () => {
  const child = await childBorn(4, yearsAgo(17));
  // The date of birth is corrected while the RFM is in draft: completed today, the young person was already 18.
  const { id, submitted } = await completeRfm(s, child, {
    total: 30,
    beforeSubmit: () => t.db.query(`UPDATE children SET date_of_birth = $2 WHERE id = $1`, [child, yearsAgo(18)]),
  });
  assert.equal(submitted.status, 400);
  assert.match(submitted.text, /MACE is for children under 18: an RFM cannot be made/);
  const [row] = await t.db.query<{ status: string }>(`SELECT status FROM assessments WHERE id = $1`, [id]);
  assert.equal(row!.status, 'draft');
});

test('under 18 (001): a CE referral is refused for a young person aged 18 or over, with where adults are supported', async () => {
  const child = await childBorn(5, yearsAgo(17));
  await completeRfm(s, child, { total: 30 });
  await t.db.query(`UPDATE children SET date_of_birth = $2 WHERE id = $1`, [child, yearsAgo(18)]);
  const page = await s.agent.get(`/children/${child}/ce-referral`);
  assert.equal(page.status, 409);
  assert.match(page.text, /A CE referral is for children under 18/);
  assert.match(page.text, /contact adult social care/);
  const post = await s.post(`/children/${child}/ce-referral`, { reason: 'Direct work', referrerName: 'P', childConsent: 'no' });
  assert.equal(post.status, 409);
  assert.equal((await t.db.query(`SELECT 1 FROM triage_items WHERE child_id = $1 AND kind = 'referral'`, [child])).length, 0);
});

// ---- Issue 15 §1 and §6: review versus a new RFM, and the start page's words ----

/** The child page's button group: each button's text and whether it is the primary (not secondary) one. */
function buttons(html: string): { text: string; href: string; primary: boolean }[] {
  const group = /<div class="govuk-button-group">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
  return [...group.matchAll(/<a class="govuk-button ?([^"]*)" href="([^"]+)">([^<]+)<\/a>/g)].map((m) => ({
    text: m[3]!.trim(),
    href: m[2]!,
    primary: !m[1]!.includes('govuk-button--secondary'),
  }));
}

/** A new Staffordshire child of 14, with no assessment yet. */
let newChildren = 0;
async function childWithoutRfm(): Promise<string> {
  return childBorn(10 + newChildren++, yearsAgo(14));
}

test('a child with a current RFM: reviewing is the primary action, and starting a new one is secondary and says why one would', async () => {
  const child = await childWithoutRfm();
  const { id } = await completeRfm(s, child, { total: 30 });
  const page = await s.agent.get(`/children/${child}`);
  const [first, second] = buttons(page.text);
  assert.deepEqual(first, { text: 'Review the Risk Factor Matrix', href: `/rfm/${id}/review`, primary: true });
  assert.deepEqual(second, { text: 'Start a new Risk Factor Matrix', href: `/children/${child}/rfm/new`, primary: false });
  assert.match(
    page.text,
    /Start a new RFM only when all 3 reviews have been used, the current one is more than six months old, or the child’s circumstances have changed completely/,
  );

  const start = await s.agent.get(`/children/${child}/rfm/new`);
  assert.equal(start.status, 200);
  assert.match(start.text, /<h1 class="govuk-heading-l">Review or start a Risk Factor Matrix<\/h1>/);
  assert.match(start.text, new RegExp(`<a class="govuk-button" data-module="govuk-button" href="/rfm/${id}/review">Review the current RFM</a>`));
  assert.match(start.text, /It has had 0 reviews of 3/);
  assert.match(start.text, /Review RFMs: update Section E only/);
  assert.match(start.text, /all 3 reviews of the current RFM have been used/);
  assert.match(start.text, /the current RFM is more than six months old/);
  assert.match(start.text, /the child’s circumstances have changed so completely/);
  // The new RFM's button is secondary, not the start button.
  assert.match(start.text, /<button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">\s*Start a new RFM\s*<\/button>/);
  assert.doesNotMatch(start.text, /govuk-button--start/);
});

test('a child whose RFM has had all 3 reviews: starting a new RFM is the primary action, and the start page says why', async () => {
  const child = await childWithoutRfm();
  const { id } = await completeRfm(s, child, { total: 30 });
  for (let n = 1; n <= 3; n++) {
    const res = await s.post(`/rfm/${id}/review`, {
      ...dateParts('dateOfReview', todayIso()),
      reviewerName: 'Priya Fairweather',
      howRisksHaveChanged: `Change ${n}`,
      currentRiskLevel: 'medium',
      currentRiskType: 'CSE',
    });
    assert.equal(res.status, 303);
  }
  const page = await s.agent.get(`/children/${child}`);
  const [first] = buttons(page.text);
  assert.deepEqual(first, { text: 'Start a new Risk Factor Matrix', href: `/children/${child}/rfm/new`, primary: true });
  assert.ok(!buttons(page.text).some((b) => b.text.startsWith('Review')), 'no review is offered after the third');
  const start = await s.agent.get(`/children/${child}/rfm/new`);
  assert.match(start.text, /<h1 class="govuk-heading-l">Start a Risk Factor Matrix<\/h1>/);
  assert.match(start.text, /has had all 3 reviews: a new Risk Factor Matrix must be completed/);
  assert.match(start.text, /govuk-button--start/);
});

test('a child without an RFM: starting one is the primary action', async () => {
  const child = await childWithoutRfm();
  const [first] = buttons((await s.agent.get(`/children/${child}`)).text);
  assert.deepEqual(first, { text: 'Start a Risk Factor Matrix', href: `/children/${child}/rfm/new`, primary: true });
});

test('the RFM start page’s warning is spelt right, with its place names capitalised and no text in capitals', async () => {
  const child = await childWithoutRfm();
  const start = await s.agent.get(`/children/${child}/rfm/new`);
  assert.equal(start.status, 200);
  const warning =
    /<div class="govuk-warning-text">([\s\S]*?)<\/div>/
      .exec(start.text)?.[1]
      ?.replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ') ?? '';
  assert.match(
    warning,
    /The RFM is not a referral to children’s social care\. Referrals should be made to the Children’s Advice and Duty Team for Stoke-on-Trent, and to the Children’s Advice and Support Service for Staffordshire, by telephone\./,
  );
  assert.match(start.text, /Initial RFMs: complete all sections\./);
  assert.doesNotMatch(start.text, /referal|RFM’s|RFM&#39;s|Please Complete|\bstoke\b|staffordshire the|PLEASE NOTE|comment’s boxes/);
});
