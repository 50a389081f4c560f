import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../../test-support/app.ts';

const t = await testApp();
const practitioner = await t.signIn('practitioner');
const coordinator = await t.signIn('coordinator');
const responder = await t.signIn('responder');
const administrator = await t.signIn('administrator');
const child = await t.anyChild();
const [other] = await t.db.query<{ id: string }>(
  `SELECT id FROM children WHERE partnership_id = 'staffordshire' AND id <> $1 ORDER BY reference DESC LIMIT 1`,
  [child.id],
);
const rotherham = await t.signIn('practitioner', 'rotherham');
const parts = (name: string, iso: string) => ({
  [`${name}-day`]: String(+iso.slice(8, 10)),
  [`${name}-month`]: String(+iso.slice(5, 7)),
  [`${name}-year`]: iso.slice(0, 4),
});
const provenance = { source: 'Panel discussion', sourceAgencyId: 'police', reliability: 'usually-reliable', ...parts('informationDate', '2026-01-10') };
const idFrom = (location: string) => /\/intelligence\/records\/([0-9a-f-]{36})/.exec(location)![1]!;
const versionIn = (html: string, name = 'version') => new RegExp(`name="${name}" value="(\\d+)"`).exec(html)![1]!;
const linkRow = async (id: string) =>
  (
    await t.db.query<{
      relation: string;
      source: string;
      notes: string | null;
      version: number;
      removed_at: Date | null;
      removed_reason: string | null;
      a_record_id: string | null;
      b_record_id: string | null;
    }>(`SELECT * FROM intel_links WHERE id = $1`, [id])
  )[0]!;
const timeline = async (childId: string, like: string) =>
  (await t.db.query(`SELECT 1 FROM timeline_events WHERE child_id = $1 AND summary LIKE $2`, [childId, like])).length;

async function addRecord(kind: string, fields: Record<string, string>) {
  const res = await coordinator.post(`/intelligence/records/new/${kind}`, { ...fields, ...provenance, decision: 'new' });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  return idFrom(res.headers.location!);
}
async function link(fromType: string, fromId: string, toType: string, toId: string, relation: string, extra: Record<string, string> = {}) {
  const res = await coordinator.post(`/intelligence/links/new/${fromType}/${fromId}/${toType}/${toId}`, {
    relation,
    source: 'Police stop',
    reliability: 'reliable',
    ...extra,
  });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  const [row] = await t.db.query<{ id: string }>(
    `SELECT id FROM intel_links WHERE relation = $1 AND removed_at IS NULL AND $2 IN (coalesce(a_child_id, a_record_id), coalesce(b_child_id, b_record_id)) AND $3 IN (coalesce(a_child_id, a_record_id), coalesce(b_child_id, b_record_id))`,
    [relation, fromId, toId],
  );
  return row!.id;
}

const car = await addRecord('vehicle', { plate: 'KX21 LMN' });
const carLink = await link('child', child.id, 'record', car, 'found-at', parts('firstSeenOn', '2026-01-05'));

test('a link is changed from the child’s associations: its details are shown, saved as a new version, audited and noted on the timeline', async () => {
  const assoc = await coordinator.agent.get(`/children/${child.id}/associations`);
  assert.match(assoc.text, new RegExp(`href="/intelligence/links/${carLink}/edit\\?from=child%3A${child.id}"`));
  assert.match(assoc.text, new RegExp(`href="/intelligence/links/${carLink}/remove\\?from=child%3A${child.id}"`));
  const form = await coordinator.agent.get(`/intelligence/links/${carLink}/edit?from=child:${child.id}`);
  assert.equal(form.status, 200);
  assert.match(form.text, /<h1 class="govuk-heading-l">Change the link<\/h1>/);
  assert.match(form.text, /<option value="found-at" selected>/);
  assert.match(form.text, /value="Police stop"/);
  assert.match(form.text, /name="firstSeenOn-day"[^>]*value="5"/);
  const version = versionIn(form.text);
  const bad = await coordinator.post(`/intelligence/links/${carLink}/edit`, {
    version,
    from: `child:${child.id}`,
    relation: 'uses',
    source: '',
    reliability: 'reliable',
    ...parts('firstSeenOn', '2026-01-05'),
    ...parts('lastSeenOn', '2026-01-01'),
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /<title>Error: /);
  assert.match(bad.text, /href="#source">Enter where the information came from/);
  assert.match(bad.text, /href="#lastSeenOn-day">Date last known must be the same as or after the date first known/);
  assert.equal((await linkRow(carLink)).relation, 'found-at', 'nothing changed');
  const ok = await coordinator.post(`/intelligence/links/${carLink}/edit`, {
    version,
    from: `child:${child.id}`,
    relation: 'uses',
    source: 'Police intelligence report',
    reliability: 'usually-reliable',
    notes: 'Seen driving it twice',
    ...parts('firstSeenOn', '2026-01-05'),
  });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, `/children/${child.id}/associations?link=changed`);
  const row = await linkRow(carLink);
  assert.deepEqual(
    { relation: row.relation, source: row.source, notes: row.notes, version: row.version },
    { relation: 'uses', source: 'Police intelligence report', notes: 'Seen driving it twice', version: Number(version) + 1 },
  );
  const [audited] = await t.db.query<{ details: { changed: string[] } }>(
    `SELECT details FROM audit_events WHERE action = 'intel.link.update' AND outcome = 'allowed' AND subject_id = $1 AND child_id = $2`,
    [carLink, child.id],
  );
  assert.deepEqual(audited!.details.changed.sort(), ['notes', 'relation', 'reliability', 'source']);
  assert.equal(await timeline(child.id, 'Association changed: uses'), 1);
  const page = await coordinator.agent.get(`/children/${child.id}/associations?link=changed`);
  assert.match(page.text, /Link changed/);
  assert.match(page.text, /Seen driving it twice/);
  // From the record's side, back goes to the record.
  const fromRecord = await coordinator.post(`/intelligence/links/${carLink}/edit`, {
    version: String(row.version),
    from: `record:${car}`,
    relation: 'uses',
    source: 'Police intelligence report',
    reliability: 'reliable',
  });
  assert.equal(fromRecord.headers.location, `/intelligence/records/${car}?link=changed`);
});

test('a stale change of a link is refused with both versions shown, and the refused one kept in edit_conflicts', async () => {
  const { version } = await linkRow(carLink);
  assert.equal(
    (
      await practitioner.post(`/intelligence/links/${carLink}/edit`, {
        version: String(version),
        relation: 'uses',
        source: 'Phone download',
        reliability: 'reliable',
      })
    ).status,
    303,
  );
  const stale = await coordinator.post(`/intelligence/links/${carLink}/edit`, {
    version: String(version),
    relation: 'found-at',
    source: 'School report',
    reliability: 'untested',
    notes: 'Seen at the gates',
  });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /This link changed while you were working on it/);
  assert.match(stale.text, /Phone download/, 'the saved version');
  assert.match(stale.text, /School report/, 'the refused version');
  assert.match(stale.text, new RegExp(`name="version" value="${version + 1}"`), 'saving again names the current version');
  const [kept] = await t.db.query<{ submitted: { source: string; notes: string } }>(
    `SELECT submitted FROM edit_conflicts WHERE record_type = 'intel-link' AND record_id = $1`,
    [carLink],
  );
  assert.deepEqual([kept!.submitted.source, kept!.submitted.notes], ['School report', 'Seen at the gates']);
  assert.equal((await linkRow(carLink)).source, 'Phone download');
});

test('changing a link so that it repeats another is refused; two children keep to the child relations', async () => {
  const friends = await link('child', child.id, 'child', other!.id, 'friend');
  await link('child', child.id, 'child', other!.id, 'relative');
  const { version } = await linkRow(friends);
  const dup = await coordinator.post(`/intelligence/links/${friends}/edit`, {
    version: String(version),
    relation: 'relative',
    source: 'School',
    reliability: 'reliable',
  });
  assert.equal(dup.status, 409);
  assert.match(dup.text, /The same two are already linked this way/);
  const bad = await coordinator.post(`/intelligence/links/${friends}/edit`, {
    version: String(version),
    relation: 'suspected-exploiter',
    source: 'School',
    reliability: 'reliable',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Two children can only be linked as friends, relatives, rivals or associates/);
  assert.equal((await linkRow(friends)).relation, 'friend');
});

test('removing a link asks for confirmation and a reason; it is kept, audited, noted on both children’s timelines and no longer shown', async () => {
  const rivals = await link('child', child.id, 'child', other!.id, 'rival');
  const confirm = await coordinator.agent.get(`/intelligence/links/${rivals}/remove?from=child:${child.id}`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /Are you sure you want to remove this link\?/);
  assert.match(confirm.text, /Rival/);
  const version = versionIn(confirm.text);
  const noReason = await coordinator.post(`/intelligence/links/${rivals}/remove`, { version, from: `child:${child.id}`, reason: '  ' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.text, /href="#reason">Enter why the link is being removed/);
  assert.equal((await linkRow(rivals)).removed_at, null, 'not removed');
  const stale = await coordinator.post(`/intelligence/links/${rivals}/remove`, {
    version: String(Number(version) - 1),
    from: `child:${child.id}`,
    reason: 'Wrong child',
  });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /This link changed while you were looking at it/);
  assert.equal((await linkRow(rivals)).removed_at, null);
  const ok = await coordinator.post(`/intelligence/links/${rivals}/remove`, { version, from: `child:${child.id}`, reason: 'Recorded against the wrong child' });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, `/children/${child.id}/associations?link=removed`);
  const row = await linkRow(rivals);
  assert.ok(row.removed_at, 'kept, marked removed');
  assert.equal(row.removed_reason, 'Recorded against the wrong child');
  assert.equal(
    (
      await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'intel.link.remove' AND outcome = 'allowed' AND subject_id = $1 AND child_id = $2`, [
        rivals,
        child.id,
      ])
    ).length,
    1,
  );
  assert.equal(await timeline(child.id, 'Association removed: rival'), 1);
  assert.equal(await timeline(other!.id, 'Association removed: rival'), 1);
  const page = await coordinator.agent.get(`/children/${other!.id}/associations?link=removed`);
  assert.match(page.text, /Link removed/);
  assert.doesNotMatch(page.text, /Rival/);
  // Removed links can be neither changed nor removed again; the same link may be recorded anew.
  assert.equal((await coordinator.agent.get(`/intelligence/links/${rivals}/edit`)).status, 404);
  assert.equal((await coordinator.post(`/intelligence/links/${rivals}/remove`, { version: String(row.version), reason: 'again' })).status, 404);
  await link('child', child.id, 'child', other!.id, 'rival');
});

test('changing and removing links: readers, responders and other partnerships are refused', async () => {
  for (const u of [responder, administrator]) {
    assert.equal((await u.agent.get(`/intelligence/links/${carLink}/edit`)).status, 403);
    assert.equal((await u.post(`/intelligence/links/${carLink}/edit`, { version: '1', relation: 'uses', source: 'x', reliability: 'reliable' })).status, 403);
    assert.equal((await u.post(`/intelligence/links/${carLink}/remove`, { version: '1', reason: 'x' })).status, 403);
  }
  assert.equal((await rotherham.agent.get(`/intelligence/links/${carLink}/edit`)).status, 404);
  assert.equal((await rotherham.post(`/intelligence/links/${carLink}/remove`, { version: '1', reason: 'x' })).status, 404);
  const [denied] = await t.db.query<{ details: { otherPartnership?: string } }>(
    `SELECT details FROM audit_events WHERE outcome = 'denied' AND action = 'intel.link.remove' AND subject_id = $1`,
    [carLink],
  );
  assert.equal(denied!.details.otherPartnership, 'staffordshire');
  assert.equal((await linkRow(carLink)).removed_at, null);
  assert.equal((await coordinator.agent.get('/intelligence/links/not-a-uuid/edit')).status, 404);
});

test('two records of the same person are merged: links move, names are kept as nicknames, the duplicate stays for the audit but is no longer found', async () => {
  const kept = await addRecord('person', { name: 'Rowan Tallis', nicknames: 'Tally', role: 'suspected-exploiter', ...parts('dateOfBirth', '1998-06-01') });
  const dup = await addRecord('person', { name: 'Rowen Talis', nicknames: 'R-Dog', role: 'associate' });
  const phone = await addRecord('phone', { number: '07700 900734' });
  const toChild = await link('record', dup, 'child', child.id, 'suspected-exploiter');
  const toPhone = await link('record', dup, 'record', phone, 'uses');
  await link('record', kept, 'record', phone, 'uses');
  const between = await link('record', kept, 'record', dup, 'associate');

  const page = await coordinator.agent.get(`/intelligence/records/${kept}`);
  assert.match(page.text, new RegExp(`href="/intelligence/records/${kept}/merge"`));
  const choose = await coordinator.agent.get(`/intelligence/records/${kept}/merge`);
  assert.equal(choose.status, 200);
  assert.match(choose.text, /Which record is the same person as Rowan Tallis\?/);
  assert.match(choose.text, new RegExp(`value="${dup}"`));
  assert.ok(
    choose.text.indexOf(dup) < choose.text.indexOf('or another person') || !choose.text.includes('or another person'),
    'the close name is listed first',
  );
  const none = await coordinator.post(`/intelligence/records/${kept}/merge`, {});
  assert.equal(none.status, 400);
  assert.match(none.text, /href="#duplicateId">Select the person who is the same as Rowan Tallis/);
  const chosen = await coordinator.post(`/intelligence/records/${kept}/merge`, { duplicateId: dup });
  assert.equal(chosen.headers.location, `/intelligence/records/${kept}/merge/${dup}`);

  const confirm = await coordinator.agent.get(chosen.headers.location!);
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /Merge Rowan Tallis and Rowen Talis\?/);
  assert.match(confirm.text, new RegExp(`value="${dup}" checked`), 'the record with more links is offered to keep');
  const thisVersion = versionIn(confirm.text, 'thisVersion');
  const otherVersion = versionIn(confirm.text, 'otherVersion');
  const unconfirmed = await coordinator.post(chosen.headers.location!, { thisVersion, otherVersion });
  assert.equal(unconfirmed.status, 400);
  assert.match(unconfirmed.text, /href="#keep">Select the record to keep/);
  assert.match(unconfirmed.text, /href="#confirm">Confirm that these are the same person/);
  const stale = await coordinator.post(chosen.headers.location!, { keep: kept, thisVersion: String(Number(thisVersion) - 1), otherVersion, confirm: 'yes' });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /One of these records changed while you were looking at it/);
  assert.match(stale.text, new RegExp(`value="${kept}" checked`), 'the choice is kept');
  assert.equal((await t.db.query(`SELECT 1 FROM edit_conflicts WHERE record_type = 'intel-record' AND record_id = $1`, [dup])).length, 1);
  assert.equal((await t.db.query(`SELECT 1 FROM intel_records WHERE id = $1 AND merged_into IS NULL`, [dup])).length, 1, 'nothing merged');

  const merged = await coordinator.post(chosen.headers.location!, { keep: kept, thisVersion, otherVersion, confirm: 'yes' });
  assert.equal(merged.status, 303);
  assert.equal(merged.headers.location, `/intelligence/records/${kept}?merged=1`);
  assert.equal((await linkRow(toChild)).a_record_id, kept, 'the link to the child moved');
  assert.ok((await linkRow(toPhone)).removed_at, 'the kept record already used the phone: removed, not doubled');
  assert.match((await linkRow(between)).removed_reason!, /linked the two records/);
  const [keptRow] = await t.db.query<{ attributes: { nicknames: string[]; dateOfBirth: string; role: string } }>(
    `SELECT attributes FROM intel_records WHERE id = $1`,
    [kept],
  );
  assert.deepEqual(keptRow!.attributes.nicknames, ['Tally', 'Rowen Talis', 'R-Dog']);
  assert.deepEqual([keptRow!.attributes.dateOfBirth, keptRow!.attributes.role], ['1998-06-01', 'suspected-exploiter'], 'the kept details stay');
  const [dupRow] = await t.db.query<{ merged_into: string }>(`SELECT merged_into FROM intel_records WHERE id = $1`, [dup]);
  assert.equal(dupRow!.merged_into, kept);
  assert.equal(
    (
      await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'intel.record.merge' AND outcome = 'allowed' AND subject_id = $1 AND child_id = $2`, [
        kept,
        child.id,
      ])
    ).length,
    1,
  );
  assert.equal(await timeline(child.id, 'Two records of the same person of concern were merged%'), 1);

  const keptPage = await coordinator.agent.get(merged.headers.location!);
  assert.match(keptPage.text, /Records merged/);
  assert.match(keptPage.text, new RegExp(child.first_name));
  const dupPage = await coordinator.agent.get(`/intelligence/records/${dup}`);
  assert.match(dupPage.text, /This record was merged into another record of the same person/);
  assert.doesNotMatch(dupPage.text, /\/edit"/, 'no longer changed');
  assert.equal((await coordinator.agent.get(`/intelligence/records/${dup}/edit`)).headers.location, `/intelligence/records/${dup}`);
  assert.equal(
    (await coordinator.post(`/intelligence/links/new/record/${dup}/child/${other!.id}`, { relation: 'associate', source: 'x', reliability: 'reliable' }))
      .status,
    404,
    'no new links to a merged record',
  );
  await coordinator.post('/intelligence/search', { q: 'R-Dog' });
  const found = await coordinator.agent.get('/intelligence');
  assert.match(found.text, new RegExp(`/intelligence/records/${kept}"`), 'found by the merged name');
  assert.doesNotMatch(found.text, new RegExp(`/intelligence/records/${dup}"`), 'the merged record is not listed');
  // Merging again is refused.
  const again = await coordinator.agent.get(`/intelligence/records/${kept}/merge/${dup}`);
  assert.equal(again.status, 400);
  assert.match(again.text, /already been merged/);
});

test('only persons merge; readers cannot merge; a record of another partnership is not found', async () => {
  const kept = await addRecord('person', { name: 'Quill Amberley', role: 'associate' });
  const car2 = await addRecord('vehicle', { plate: 'MA19 ZZT' });
  const refused = await coordinator.post(`/intelligence/records/${kept}/merge/${car2}`, { keep: kept, thisVersion: '1', otherVersion: '1', confirm: 'yes' });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /Only two people of concern can be merged/);
  assert.equal((await coordinator.agent.get(`/intelligence/records/${car2}/merge`)).status, 404, 'a vehicle has no merge page');
  assert.equal((await administrator.agent.get(`/intelligence/records/${kept}/merge`)).status, 403);
  assert.equal((await administrator.post(`/intelligence/records/${kept}/merge/${car2}`, { confirm: 'yes' })).status, 403);
  assert.equal((await rotherham.agent.get(`/intelligence/records/${kept}/merge`)).status, 404);
  assert.equal(
    (await rotherham.post(`/intelligence/records/${kept}/merge/${car2}`, { keep: kept, thisVersion: '1', otherVersion: '1', confirm: 'yes' })).status,
    404,
  );
});

test('API: search by POST with the text in the body; the GET stays but says the POST is preferred', async () => {
  const token = await t.apiToken('coordinator');
  const auth = { Authorization: `Bearer ${token}` };
  const res = await t.request().post('/api/v1/intelligence/records/search').set(auth).send({ q: 'kx21lmn' });
  assert.equal(res.status, 200);
  assert.equal(res.body.records[0].id, car);
  assert.equal(res.body.records[0].status, 'information-not-fact');
  const byKind = await t.request().post('/api/v1/intelligence/records/search').set(auth).send({ kind: 'vehicle' });
  assert.ok(byKind.body.records.some((r: { id: string }) => r.id === car));
  for (const [body, field] of [
    [{}, 'q'],
    [{ q: 'x'.repeat(201) }, 'q'],
    [{ kind: 'spaceship' }, 'kind'],
    [{ q: ['a'] }, 'q'],
    [{ q: 'a', kind: 7 }, 'kind'],
  ] as const) {
    const bad = await t.request().post('/api/v1/intelligence/records/search').set(auth).send(body);
    assert.equal(bad.status, 422, JSON.stringify(body));
    assert.equal(bad.body.errors[0].field, field);
  }
  const analyst = await t.apiToken('analyst');
  assert.equal(
    (
      await t
        .request()
        .post('/api/v1/intelligence/records/search')
        .set({ Authorization: `Bearer ${analyst}` })
        .send({ q: 'KX21' })
    ).status,
    403,
  );
  assert.equal((await t.request().post('/api/v1/intelligence/records/search').send({ q: 'KX21' })).status, 401);
  const [audited] = await t.db.query<{ details: unknown }>(`SELECT details FROM audit_events WHERE action = 'intel.search' ORDER BY at DESC LIMIT 1`);
  assert.doesNotMatch(JSON.stringify(audited!.details), /KX21/i);
  const doc = await t.request().get('/api/v1/openapi.json');
  assert.match(doc.body.paths['/api/v1/intelligence/records/search'].post.summary, /preferred/);
  assert.match(doc.body.paths['/api/v1/intelligence/records'].get.description, /Prefer POST \/api\/v1\/intelligence\/records\/search/);
  assert.ok(doc.body.paths['/api/v1/intelligence/links/{id}'].put);
  assert.ok(doc.body.paths['/api/v1/intelligence/links/{id}/remove'].post);
});

test('API: a link is changed naming its version and removed with a reason', async () => {
  const token = await t.apiToken('coordinator');
  const auth = { Authorization: `Bearer ${token}` };
  const phone = await addRecord('phone', { number: '07700 900735' });
  const created = await t
    .request()
    .post('/api/v1/intelligence/links')
    .set(auth)
    .send({ from: { type: 'child', id: child.id }, to: { type: 'record', id: phone }, relation: 'uses', source: 'Phone download', reliability: 'reliable' });
  const id = created.body.id as string;
  const links = await t.request().get(`/api/v1/children/${child.id}/links`).set(auth);
  const version = links.body.links.find((l: { id: string }) => l.id === id).version as number;
  assert.equal(
    (await t.request().put(`/api/v1/intelligence/links/${id}`).set(auth).send({ relation: 'uses', source: 'x', reliability: 'reliable' })).status,
    422,
    'no version',
  );
  const bad = await t
    .request()
    .put(`/api/v1/intelligence/links/${id}`)
    .set(auth)
    .send({ version, relation: 'uses', source: '', reliability: 'sure', firstSeenOn: '2026-02-30' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field).sort(), ['firstSeenOn', 'reliability', 'source']);
  const put = await t
    .request()
    .put(`/api/v1/intelligence/links/${id}`)
    .set(auth)
    .send({ version, relation: 'registered-to', source: 'DVLA check', reliability: 'reliable', firstSeenOn: '2026-01-02' });
  assert.equal(put.status, 200);
  assert.equal(put.body.relation, 'registered-to');
  assert.equal(put.body.version, version + 1);
  const stale = await t.request().put(`/api/v1/intelligence/links/${id}`).set(auth).send({ version, relation: 'uses', source: 'x', reliability: 'reliable' });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.current.source, 'DVLA check');
  const noReason = await t
    .request()
    .post(`/api/v1/intelligence/links/${id}/remove`)
    .set(auth)
    .send({ version: version + 1 });
  assert.equal(noReason.status, 422);
  assert.equal(noReason.body.errors[0].field, 'reason');
  const staleRemove = await t.request().post(`/api/v1/intelligence/links/${id}/remove`).set(auth).send({ version, reason: 'Wrong phone' });
  assert.equal(staleRemove.status, 409);
  const removed = await t
    .request()
    .post(`/api/v1/intelligence/links/${id}/remove`)
    .set(auth)
    .send({ version: version + 1, reason: 'Wrong phone' });
  assert.equal(removed.status, 204);
  const after = await t.request().get(`/api/v1/children/${child.id}/links`).set(auth);
  assert.ok(!after.body.links.some((l: { id: string }) => l.id === id));
  assert.equal(
    (
      await t
        .request()
        .post(`/api/v1/intelligence/links/${id}/remove`)
        .set(auth)
        .send({ version: version + 2, reason: 'again' })
    ).status,
    404,
  );
  const analyst = await t.apiToken('analyst');
  assert.equal(
    (
      await t
        .request()
        .put(`/api/v1/intelligence/links/${carLink}`)
        .set({ Authorization: `Bearer ${analyst}` })
        .send({ version: 1 })
    ).status,
    403,
  );
});

test('after a person is changed so that it looks like another record, the page offers to compare and merge', async () => {
  const a = await addRecord('person', { name: 'Sorrel Fenwick', role: 'associate' });
  const b = await addRecord('person', { name: 'Quentin Ashgrove', role: 'associate' });
  const plain = await coordinator.agent.get(`/intelligence/records/${b}`);
  assert.doesNotMatch(plain.text, /Possible duplicate/);
  const form = await coordinator.agent.get(`/intelligence/records/${b}/edit`);
  const saved = await coordinator.post(`/intelligence/records/${b}/edit`, {
    version: versionIn(form.text),
    name: 'Sorel Fenwick',
    role: 'associate',
    ...provenance,
  });
  assert.equal(saved.status, 303);
  const page = await coordinator.agent.get(saved.headers.location!);
  assert.match(page.text, /Possible duplicate/);
  assert.match(page.text, /This may be the same person as another record/);
  assert.match(page.text, new RegExp(`href="/intelligence/records/${b}/merge/${a}">compare and merge`));
  // Readers are not offered it.
  assert.doesNotMatch((await administrator.agent.get(saved.headers.location!)).text, /Possible duplicate/);
});
