import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';
import { THRIVE_GRADE_DEFINITIONS } from '../../domain/thrive/thrive.ts';
import { newChild, grade, openThrive, versionIn, dateFields, thriveText } from './scenarios.ts';

const t = await testApp();
const coordinator = await t.signIn('coordinator', 'llr');

type Referral = {
  id: string;
  rule_code: string;
  rule_text: string;
  record_on: string | null;
  status: string;
  district_id: string;
  outcome: string | null;
  outcome_detail: string | null;
  version: number;
};
const referralsFor = (childId: string) => t.db.query<Referral>(`SELECT * FROM npa_referrals WHERE child_id = $1 ORDER BY created_at`, [childId]);
const assessment = async (id: string) =>
  (
    await t.db.query<{
      status: string;
      instrument: string;
      judged_level: string;
      scored_level: string | null;
      completed_on: string;
      content: Record<string, unknown>;
    }>(`SELECT * FROM assessments WHERE id = $1`, [id])
  )[0]!;
const count = async (sql: string, params: unknown[]) => Number((await t.db.query<{ n: string }>(sql, params))[0]!.n);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('a THRIVE draft is a common-model assessment, and the form shows the source’s grading definitions', async () => {
  const childId = await newChild(coordinator, 'Idris');
  const { id, form } = await openThrive(coordinator, childId);
  const a = await assessment(id);
  assert.equal(a.instrument, 'thrive');
  assert.equal(a.status, 'draft');
  for (const g of ['high', 'medium', 'low'] as const) assert.match(form.text, new RegExp(escapeRe(THRIVE_GRADE_DEFINITIONS[g].definition)));
  for (const label of ['Threat', 'Harm', 'Risk', 'Investigation', 'Vulnerabilities', 'Engagement'])
    assert.match(form.text, new RegExp(`>\\s*${label}\\s*</label>`));
  const again = await coordinator.agent.get(`/children/${childId}/thrive/new`);
  assert.equal(again.headers.location, `/thrive/${id}`, 'the user’s own draft is reopened, not duplicated');
});

test('a draft saves with its version; a stale save is refused with 409, the input kept and a copy kept', async () => {
  const childId = await newChild(coordinator, 'Jac');
  const { id, version } = await openThrive(coordinator, childId);
  const saved = await coordinator.post(`/thrive/${id}`, { version, threat: 'First threat', ...dateFields('2026-10-01') });
  assert.equal(saved.status, 303);
  const a = await assessment(id);
  assert.equal(a.content.threat, 'First threat');
  assert.equal(a.completed_on, '2026-10-01');
  const stale = await coordinator.post(`/thrive/${id}`, { version, threat: 'Second threat' });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /Someone else saved this THRIVE grading/);
  assert.match(stale.text, /Second threat<\/textarea>/);
  assert.equal((await assessment(id)).content.threat, 'First threat');
  assert.equal(await count(`SELECT count(*) AS n FROM edit_conflicts WHERE record_id = $1`, [id]), 1);
});

test('high risk needs an investigation reference (or multi-agency team) and an allocated professional', async () => {
  const childId = await newChild(coordinator, 'Kit');
  const { id, res } = await grade(coordinator, childId, '2026-10-05', { grade: 'high', crimeReference: 'CR/0001/26' });
  assert.equal(res.status, 400);
  assert.match(res.text, /<title>Error: THRIVE risk grading/);
  assert.match(res.text, /href="#investigationReference">High risk: enter the investigation reference/);
  assert.match(res.text, /href="#allocatedProfessional">High risk: enter the professional allocated/);
  assert.match(res.text, /value="high" checked/);
  assert.match(res.text, new RegExp(`${escapeRe(thriveText.threat)}</textarea>`), 'input kept');
  assert.equal((await assessment(id)).status, 'draft');

  const version = versionIn(res.text);
  const ok = await coordinator.post(`/thrive/${id}/submit`, {
    version,
    ...dateFields('2026-10-05'),
    ...thriveText,
    grade: 'high',
    multiAgencyTeam: 'City CE team',
    allocatedProfessional: 'Nia Goodenough',
  });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, `/thrive/${id}/confirmation`);
  const a = await assessment(id);
  assert.equal(a.status, 'submitted');
  assert.equal(a.judged_level, 'high');
  assert.equal(a.scored_level, null);
  assert.equal((await referralsFor(childId)).length, 0, 'no NPA referral for high risk');
  const confirmation = await coordinator.agent.get(`/thrive/${id}/confirmation`);
  assert.match(confirmation.text, /Nia Goodenough is allocated to engage and work with the child/);
});

test('a DRMM date in the future is refused', async () => {
  const childId = await newChild(coordinator, 'Lowri');
  const { res } = await grade(coordinator, childId, '2099-01-01', { grade: 'low' });
  assert.equal(res.status, 400);
  assert.match(res.text, /href="#drmmDate-day">Date of the DRMM must be today or in the past/);
  assert.match(res.text, /name="drmmDate-year" type="text" value="2099"/);
});

test('medium → an NPA referral is drafted for the child’s area, and the confirmation says which rule applied', async () => {
  const childId = await newChild(coordinator, 'Macsen');
  const { id, res } = await grade(coordinator, childId, '2026-03-10', { grade: 'medium' });
  assert.equal(res.status, 303);
  const [r, ...more] = await referralsFor(childId);
  assert.equal(more.length, 0);
  assert.equal(r!.rule_code, 'safeguarding-occurrence');
  assert.equal(r!.record_on, 'safeguarding-occurrence-and-npa-task');
  assert.equal(r!.status, 'drafted');
  assert.equal(r!.district_id, 'leicester-city');
  assert.match(r!.rule_text, /a safeguarding occurrence is created and a task is sent to the NPA/);
  const page = await coordinator.agent.get(`/thrive/${id}/confirmation`);
  assert.match(page.text, /An NPA referral has been drafted for the Leicester City Neighbourhood Policing Area/);
  assert.match(page.text, /a safeguarding occurrence is created and a task is sent to the NPA/);
  assert.equal(await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'npa-referral.draft' AND subject_id = $1`, [r!.id]), 1);
});

test('medium again 2 months later → not sent; unless a significant new risk is ticked', async () => {
  const childId = await newChild(coordinator, 'Nerys');
  await grade(coordinator, childId, '2026-03-10', { grade: 'medium' });
  const { id, res } = await grade(coordinator, childId, '2026-05-10', { grade: 'medium' });
  assert.equal(res.status, 303);
  assert.equal((await referralsFor(childId)).length, 1, 'no second referral');
  assert.equal((await assessment(id)).content.npaDecision && ((await assessment(id)).content.npaDecision as { code: string }).code, 'recent-medium');
  const page = await coordinator.agent.get(`/thrive/${id}/confirmation`);
  assert.match(page.text, /No NPA referral: the child was graded medium at the DRMM on 10 March 2026, within the previous 3 months/);
  assert.match(page.text, /No referral is sent to the NPA this time/);

  const { res: withNewRisk } = await grade(coordinator, childId, '2026-05-12', { grade: 'medium', significantNewRisk: 'yes' });
  assert.equal(withNewRisk.status, 303);
  const referrals = await referralsFor(childId);
  assert.equal(referrals.length, 2);
  assert.match(
    referrals[1]!.rule_text,
    /^Although the child was graded medium at the DRMM on 2026-05-10, within the previous 3 months, a significant new risk has been identified/,
  );
});

test('medium exactly 3 months after a medium grading → sent (the day exactly 3 months before is outside the window)', async () => {
  const childId = await newChild(coordinator, 'Owain');
  await grade(coordinator, childId, '2026-03-15', { grade: 'medium' });
  await grade(coordinator, childId, '2026-06-15', { grade: 'medium' });
  const referrals = await referralsFor(childId);
  assert.equal(referrals.length, 2);
  assert.equal(referrals[1]!.rule_code, 'safeguarding-occurrence');

  const inside = await newChild(coordinator, 'Owena');
  await grade(coordinator, inside, '2026-03-16', { grade: 'medium' });
  await grade(coordinator, inside, '2026-06-15', { grade: 'medium' });
  assert.equal((await referralsFor(inside)).length, 1, 'a day later is inside the previous 3 months');
});

test('when the NPA already manages the child (NOM), the information goes on the master management report', async () => {
  const childId = await newChild(coordinator, 'Peredur');
  const { id } = await grade(coordinator, childId, '2026-07-01', { grade: 'medium', npaManagedAs: 'NOM' });
  const [r] = await referralsFor(childId);
  assert.equal(r!.rule_code, 'master-management-report');
  assert.equal(r!.record_on, 'master-management-report');
  const page = await coordinator.agent.get(`/thrive/${id}/confirmation`);
  assert.match(
    page.text,
    /the NPA already manages the child \(NOM\), so the information is added to the child’s master management report instead of a new occurrence and task/,
  );
  const [child] = await t.db.query<{ npa_managed_as: string }>(`SELECT npa_managed_as FROM children WHERE id = $1`, [childId]);
  assert.equal(child!.npa_managed_as, 'NOM');
  const next = await openThrive(coordinator, childId);
  assert.match(next.form.text, /name="npaManagedAs" type="text" value="NOM"/, 'the next grading starts from what is known');
});

test('medium with a crime identified → the information goes on the crime report', async () => {
  const childId = await newChild(coordinator, 'Rhodri');
  await grade(coordinator, childId, '2026-07-01', { grade: 'medium', crimeReference: 'CR/0042/26' });
  const [r] = await referralsFor(childId);
  assert.equal(r!.rule_code, 'crime-report');
});

test('the NPA outcome: not done needs a rationale; once recorded, the referral closes and partners are told', async () => {
  const childId = await newChild(coordinator, 'Seren');
  const { id } = await grade(coordinator, childId, '2026-08-03', { grade: 'medium' });
  const [r] = await referralsFor(childId);
  const form = await coordinator.agent.get(`/npa-referrals/${r!.id}/outcome`);
  assert.equal(form.status, 200);
  const version = versionIn(form.text);

  const bad = await coordinator.post(`/npa-referrals/${r!.id}/outcome`, { version, outcome: 'work-not-done', workDone: 'Kept' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /<title>Error: Record the NPA’s outcome/);
  assert.match(bad.text, /href="#rationale">Enter the rationale/);
  assert.match(bad.text, /value="work-not-done" checked/);
  assert.match(bad.text, />Kept<\/textarea>/);

  const before = await count(`SELECT count(*) AS n FROM outbox`, []);
  const ok = await coordinator.post(`/npa-referrals/${r!.id}/outcome`, {
    version,
    outcome: 'work-not-done',
    rationale: 'Already covered by the child protection plan.',
  });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, `/thrive/${id}?outcome=1`);
  const [closed] = await referralsFor(childId);
  assert.equal(closed!.status, 'closed');
  assert.equal(closed!.outcome, 'work-not-done');
  assert.equal(closed!.outcome_detail, 'Already covered by the child protection plan.');

  const mail = await t.db.query<{ to_address: string; subject: string; body: string }>(`SELECT * FROM outbox ORDER BY id DESC LIMIT 2`);
  assert.equal(await count(`SELECT count(*) AS n FROM outbox`, []), before + 2);
  assert.deepEqual(mail.map((m) => m.to_address).sort(), ['exploitation-coordinators@llr.example.org', 'lead-professional@llr.example.org']);
  for (const m of mail) assert.doesNotMatch(m.subject + m.body, /Seren|Quarrendon|child protection plan/, 'reference only, no free text');
  assert.equal(await count(`SELECT count(*) AS n FROM timeline_events WHERE child_id = $1 AND summary LIKE 'NPA referral outcome recorded%'`, [childId]), 1);
  assert.equal(
    await count(`SELECT count(*) AS n FROM audit_events WHERE action = 'npa-referral.outcome' AND subject_id = $1 AND outcome = 'allowed'`, [r!.id]),
    1,
  );

  const page = await coordinator.agent.get(`/thrive/${id}?outcome=1`);
  assert.match(page.text, /The NPA’s outcome has been recorded/);
  assert.match(page.text, /Work not done/);
  assert.match(page.text, /Already covered by the child protection plan/);

  const again = await coordinator.post(`/npa-referrals/${r!.id}/outcome`, { version: String(closed!.version), outcome: 'work-done' });
  assert.equal(again.status, 400);
  assert.match(again.text, /already been recorded/);
});

test('partners told: only the coordinators when the lead professional’s contact is not an email address', async () => {
  const childId = await newChild(coordinator, 'Sioned', { leadProfessionalContact: '0116 496 0000' });
  await grade(coordinator, childId, '2026-08-03', { grade: 'medium' });
  const [r] = await referralsFor(childId);
  const form = await coordinator.agent.get(`/npa-referrals/${r!.id}/outcome`);
  assert.match(form.text, /has no email address on the record/);
  const before = await count(`SELECT count(*) AS n FROM outbox`, []);
  const ok = await coordinator.post(`/npa-referrals/${r!.id}/outcome`, { version: versionIn(form.text), outcome: 'work-done' });
  assert.equal(ok.status, 303);
  assert.equal(await count(`SELECT count(*) AS n FROM outbox`, []), before + 1);
  const [mail] = await t.db.query<{ to_address: string }>(`SELECT to_address FROM outbox ORDER BY id DESC LIMIT 1`);
  assert.equal(mail!.to_address, 'exploitation-coordinators@llr.example.org');
});

test('a stale outcome is refused with 409 and kept', async () => {
  const childId = await newChild(coordinator, 'Tomos');
  await grade(coordinator, childId, '2026-08-04', { grade: 'medium' });
  const [r] = await referralsFor(childId);
  await t.db.query(`UPDATE npa_referrals SET version = version + 1 WHERE id = $1`, [r!.id]);
  const res = await coordinator.post(`/npa-referrals/${r!.id}/outcome`, { version: String(r!.version), outcome: 'work-done', workDone: 'Visited the family' });
  assert.equal(res.status, 409);
  assert.match(res.text, />Visited the family<\/textarea>/);
  assert.equal(await count(`SELECT count(*) AS n FROM edit_conflicts WHERE record_id = $1`, [r!.id]), 1);
});

test('a submitted THRIVE cannot be edited: refused with 400, the input shown back', async () => {
  const childId = await newChild(coordinator, 'Ulrica');
  const { id } = await grade(coordinator, childId, '2026-09-01', { grade: 'low' });
  const a = await t.db.query<{ version: number }>(`SELECT version FROM assessments WHERE id = $1`, [id]);
  for (const url of [`/thrive/${id}`, `/thrive/${id}/submit`]) {
    const res = await coordinator.post(url, {
      version: String(a[0]!.version),
      ...dateFields('2026-09-01'),
      ...thriveText,
      threat: 'A changed threat',
      grade: 'medium',
    });
    assert.equal(res.status, 400, url);
    assert.match(res.text, /<title>Error: THRIVE risk grading/);
    assert.match(res.text, /This THRIVE grading has been submitted and can no longer be changed/);
    assert.match(res.text, /A changed threat/);
  }
  const after = await assessment(id);
  assert.equal(after.judged_level, 'low');
  assert.equal(after.content.threat, thriveText.threat);
  const page = await coordinator.agent.get(`/thrive/${id}`);
  assert.doesNotMatch(page.text, /<form method="post" action="\/thrive\//, 'read-only after submission');
});

test('roles: practitioners read THRIVE but cannot grade; chairs grade but cannot record NPA outcomes; analysts see nothing', async () => {
  const childId = await newChild(coordinator, 'Vaughan');
  const { id } = await grade(coordinator, childId, '2026-08-05', { grade: 'medium' });
  const [r] = await referralsFor(childId);
  const practitioner = await t.signIn('practitioner', 'llr');
  assert.equal((await practitioner.agent.get(`/children/${childId}/thrive/new`)).status, 403);
  assert.equal((await practitioner.post(`/thrive/${id}`, { version: '1' })).status, 403);
  assert.equal((await practitioner.post(`/thrive/${id}/submit`, { version: '1' })).status, 403);
  const read = await practitioner.agent.get(`/thrive/${id}`);
  assert.equal(read.status, 200);
  assert.match(read.text, /Neighbourhood Policing Area \(NPA\) referral/);
  const chair = await t.signIn('chair', 'llr');
  assert.equal((await chair.agent.get(`/children/${childId}/thrive/new`)).status, 303);
  assert.equal((await chair.agent.get(`/npa-referrals/${r!.id}/outcome`)).status, 403);
  assert.equal((await chair.post(`/npa-referrals/${r!.id}/outcome`, { outcome: 'work-done' })).status, 403);
  const analyst = await t.signIn('analyst', 'llr');
  assert.equal((await analyst.agent.get(`/thrive/${id}`)).status, 403);
  assert.ok(
    (await count(`SELECT count(*) AS n FROM audit_events WHERE outcome = 'denied' AND subject_type = 'route' AND subject_id LIKE '%/thrive/%'`, [])) >= 4,
  );
});

test('a Staffordshire user gets 404 for an LLR child, its THRIVE and its NPA referral', async () => {
  const childId = await newChild(coordinator, 'Wynne');
  const { id } = await grade(coordinator, childId, '2026-08-06', { grade: 'medium' });
  const [r] = await referralsFor(childId);
  const staffs = await t.signIn('coordinator', 'staffordshire');
  for (const url of [`/children/${childId}/thrive/new`, `/thrive/${id}`, `/thrive/${id}/confirmation`, `/npa-referrals/${r!.id}/outcome`]) {
    const res = await staffs.agent.get(url);
    assert.equal(res.status, 404, url);
    assert.doesNotMatch(res.text, /Wynne/);
  }
  assert.equal((await staffs.post(`/thrive/${id}`, { version: '1', threat: 'x' })).status, 404);
  assert.equal((await staffs.post(`/npa-referrals/${r!.id}/outcome`, { version: '1', outcome: 'work-done' })).status, 404);
  assert.equal(await count(`SELECT count(*) AS n FROM assessments WHERE child_id = $1`, [childId]), 1, 'no draft started across partnerships');
  const staffsChild = await t.anyChild('staffordshire');
  assert.equal((await staffs.agent.get(`/children/${staffsChild.id}/thrive/new`)).status, 404, 'Staffordshire does not grade with THRIVE');
});
