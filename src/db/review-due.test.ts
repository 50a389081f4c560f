import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testApp } from '../test-support/app.ts';
import { addDays } from '../domain/calendar/dates.ts';
import { todayIso } from '../platform/dates.ts';
import type { RiskLevel } from '../domain/risk/levels.ts';
import { computeDue, settleDue } from '../features/reviews/service.ts';
import { reviewRepository } from '../features/reviews/repository.ts';
import { assessmentRepository } from '../features/assessments/repository.ts';
import { rfmRepository } from '../features/rfm/repository.ts';
import { agendaRepository } from '../features/agenda/repository.ts';
import { meetingRoomRepository } from '../features/meeting-room/repository.ts';
import { meetingRepository } from '../features/meetings/repository.ts';
import { childRepository } from '../features/children/repository.ts';
import type { ChildInput } from '../features/children/schemas.ts';
import { rng } from '../test-support/rng.ts';

/**
 * review_due (migration 071) is a cache of the domain's schedule of every open child. After any sequence of the writes
 * that change a schedule — each through the repository the app writes with, in its own transaction — and the settling a
 * view does, the stored rows are exactly what a fresh computation gives for every child of the partnership. A write
 * that forgot to mark the children it changes leaves a stored row behind and fails this test.
 */
const t = await testApp();
const calendar = t.config.bankHolidays;
const today = todayIso();

const levels: RiskLevel[] = ['high', 'medium', 'low', 'none'];
const assessments = assessmentRepository();
const rfm = rfmRepository();
const agenda = agendaRepository();
const room = meetingRoomRepository();
const meetings = meetingRepository();
const reviews = reviewRepository();

async function settleAndCompare(partnershipId: string, step: string) {
  const p = t.partnerships.get(partnershipId)!;
  await t.db.tx((q) => settleDue(q, p, calendar));
  const [stored, fresh] = await t.db.tx(async (q) => [await reviews.allDue(q, p.id), await computeDue(q, p, calendar)] as const);
  const key = (r: { child_id: string; kind: string }) => `${r.child_id} ${r.kind}`;
  const sorted = <T extends { child_id: string; kind: string }>(rows: readonly T[]) =>
    [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  assert.deepEqual(sorted(stored), sorted(fresh), `review_due after ${step}`);
  return stored.length;
}

async function run(partnershipId: string, seed: number, steps: number) {
  const r = rng(seed);
  const p = t.partnerships.get(partnershipId)!;
  const instrument = p.assessmentTools.includes('rfm') ? 'rfm' : p.assessmentTools.includes('vat') ? 'vat' : 'thrive';
  const userId = await t.userId('chair', partnershipId);
  const [{ agency_id: agencyId }] = (await t.db.query<{ agency_id: string }>(`SELECT agency_id FROM users WHERE id = $1`, [userId])) as [{ agency_id: string }];
  const kids = (await t.db.query<{ id: string }>(`SELECT id FROM children WHERE partnership_id = $1 ORDER BY reference LIMIT 12`, [partnershipId])).map(
    (c) => c.id,
  );
  const districts = [...p.districts.map((d) => d.id), null];
  // The views settle first: the whole partnership is computed now (the state is missing or stale from other tests).
  await settleAndCompare(partnershipId, 'the first view');
  const occurrences = async () =>
    t.db.query<{ id: string; series_id: string; version: number; starts_at: Date; ends_at: Date }>(
      `SELECT o.id, o.series_id, o.version, o.starts_at, o.ends_at FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
        WHERE o.partnership_id = $1 AND s.district_id IS NOT NULL AND o.status <> 'cancelled' ORDER BY o.starts_at, o.id`,
      [partnershipId],
    );
  const decidedItems = async () =>
    t.db.query<{ id: string; version: number }>(`SELECT id, version FROM agenda_items WHERE partnership_id = $1 AND created_by = $2 ORDER BY id`, [
      partnershipId,
      userId,
    ]);
  const ops: Record<string, () => Promise<void>> = {
    async assess() {
      const child = r.pick(kids);
      const submitted = await t.db.query<{ id: string; series_id: string; series_version: number }>(
        `SELECT id, series_id, series_version FROM assessments WHERE partnership_id = $1 AND child_id = $2 AND status = 'submitted' AND superseded_at IS NULL AND instrument = $3 LIMIT 1`,
        [partnershipId, child, instrument],
      );
      // Now and then an amendment of the one submitted, which supersedes it.
      const amends = submitted[0] && r.int(3) === 0 ? submitted[0] : undefined;
      await t.db.tx(async (q) => {
        const a = await assessments.insert(q, {
          partnershipId,
          childId: child,
          instrument,
          instrumentVersion: 'test',
          userId,
          agencyId,
          content: {},
          ...(amends ? { seriesId: amends.series_id, seriesVersion: amends.series_version + 1, amendsId: amends.id } : {}),
        });
        const level = r.pick(levels);
        await assessments.submit(q, partnershipId, a.id, a.version, {
          completedOn: addDays(today, -r.int(500)),
          scoredResult: {},
          scoredLevel: level,
          judgedLevel: level,
          riskType: 'CCE',
        });
      });
    },
    async rfmReview() {
      // An RFM has up to three reviews (section E): the next of one with fewer.
      const open = await t.db.query<{ id: string; child_id: string; n: number }>(
        `SELECT a.id, a.child_id, (SELECT count(*)::int FROM assessment_reviews r WHERE r.partnership_id = a.partnership_id AND r.assessment_id = a.id) AS n
           FROM assessments a WHERE a.partnership_id = $1 AND a.status = 'submitted' AND a.superseded_at IS NULL AND a.child_id = ANY($2::uuid[]) ORDER BY a.id`,
        [partnershipId, kids],
      );
      const a = r.pick([...open.filter((x) => x.n < 3), undefined]);
      if (!a) return;
      await t.db.tx((q) =>
        rfm.insertReview(q, {
          partnershipId,
          assessmentId: a.id,
          childId: a.child_id,
          reviewNumber: a.n + 1,
          reviewedOn: addDays(today, -r.int(200)),
          reviewerUserId: userId,
          riskLevelBefore: null,
          riskTypeBefore: null,
          riskLevel: r.pick(levels),
          riskType: 'CCE',
          content: {},
        }),
      );
    },
    async ceAssessment() {
      await t.db.tx((q) =>
        reviews.insertCeUpdate(q, partnershipId, r.pick(kids), {
          completedOn: addDays(today, -r.int(150)),
          meetingKind: 'mace',
          agencyId,
          outcome: 'medium',
          riskType: 'CCE',
          recordedBy: userId,
        }),
      );
    },
    async panelDecision() {
      const occ = await occurrences();
      if (!occ.length) return;
      const on = r.pick(occ);
      const about = [r.pick(kids), ...(r.int(2) ? [r.pick(kids)] : [])];
      await t.db.tx(async (q) => {
        const id = await agenda.insertItem(
          q,
          partnershipId,
          {
            occurrenceId: on.id,
            kind: 'child',
            discussion: 'review',
            title: null,
            locationText: null,
            position: 90 + r.int(1000),
            slotMinutes: 15,
            fixedStart: null,
            referralId: null,
            createdBy: userId,
          },
          [...new Set(about)],
        );
        const [{ version }] = (await q.query<{ version: number }>(`SELECT version FROM agenda_items WHERE partnership_id = $1 AND id = $2`, [
          partnershipId,
          id,
        ])) as [{ version: number }];
        await room.saveDecision(
          q,
          partnershipId,
          id,
          version,
          {
            instrument: instrument as never,
            level: r.pick(levels),
            assessmentId: null,
            adjustment: null,
            decisions: 'Decided.',
            rationale: 'Because.',
            nextReviewOn: r.int(3) === 0 ? addDays(today, r.int(90) - 30) : null,
            nextReviewReason: null,
          },
          userId,
        );
      });
    },
    async itemChildren() {
      const items = await decidedItems();
      if (!items.length) return;
      const it = r.pick(items);
      await t.db.tx((q) => agenda.setChildren(q, partnershipId, it.id, [...new Set([r.pick(kids), r.pick(kids)])].slice(0, 1 + r.int(2))));
    },
    async deleteItem() {
      const items = await decidedItems();
      if (!items.length) return;
      const it = r.pick(items);
      await t.db.tx((q) => agenda.deleteItem(q, partnershipId, it.id, it.version));
    },
    async moveDistrict() {
      const child = r.pick(kids);
      await t.db.tx(async (q) => {
        const repo = childRepository(q);
        const row = await repo.find(q, partnershipId, child);
        if (!row) return;
        const input = Object.fromEntries(
          Object.entries(row)
            .filter(([k]) => k !== 'district_id')
            .map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
        ) as unknown as ChildInput;
        await repo.update(q, partnershipId, child, row.version, { ...input, districtId: r.pick(districts) as string });
      });
    },
    async closeOrReopen() {
      const child = r.pick(kids);
      await t.db.tx(async (q) => {
        const repo = childRepository(q);
        const row = await repo.find(q, partnershipId, child);
        if (row?.closed_at) await repo.reopen(q, partnershipId, child);
        else await repo.close(q, partnershipId, child, { reason: 'risk-reduced' }, userId);
      });
    },
    async movePanel() {
      const occ = await occurrences();
      if (!occ.length) return;
      const o = r.pick(occ);
      const shift = (r.int(60) - 30) * 86_400_000;
      const startsAt = new Date(o.starts_at.getTime() + shift);
      if (r.int(4) === 0) await t.db.tx((q) => room.holdEarly(q, partnershipId, o.id, startsAt, 'Held on another day.', userId));
      else
        await t.db.tx((q) =>
          meetings.change(q, partnershipId, o.id, o.version, {
            status: 'moved',
            startsAt,
            endsAt: new Date(o.ends_at.getTime() + shift),
            reason: 'Moved.',
            userId,
          }),
        );
    },
    async cancelPanel() {
      const occ = await occurrences();
      if (!occ.length) return;
      const o = r.pick(occ);
      await t.db.tx((q) => meetings.change(q, partnershipId, o.id, o.version, { status: 'cancelled', reason: 'Cancelled.', userId }));
    },
    async addPanel() {
      const occ = await occurrences();
      if (!occ.length) return;
      const o = r.pick(occ);
      const at = new Date(o.starts_at.getTime() + (1 + r.int(5)) * 86_400_000 + r.int(1000) * 1000);
      await t.db.tx((q) =>
        meetings.upsertOccurrences(q, partnershipId, o.series_id, [
          { ruleStartsAt: at, startsAt: at, endsAt: new Date(at.getTime() + 3_600_000), holiday: null },
        ]),
      );
    },
  };
  const names = Object.keys(ops).filter((n) => (n === 'rfmReview' ? instrument === 'rfm' : n === 'ceAssessment' ? instrument === 'vat' : true));
  const done: string[] = [];
  let rows = 0;
  for (let i = 0; i < steps; i++) {
    const op = r.pick(names);
    await ops[op]!();
    done.push(op);
    rows = await settleAndCompare(partnershipId, `step ${i + 1} (${op}; seed ${seed}: ${done.join(', ')})`);
  }
  return rows;
}

for (const [partnershipId, seed] of [
  ['staffordshire', 1],
  ['staffordshire', 2],
  ['rotherham', 3],
  ['llr', 4],
] as const) {
  test(`review_due equals a fresh computation after random writes (${partnershipId}, seed ${seed})`, async () => {
    const rows = await run(partnershipId, seed, 30);
    assert.ok(rows > 0, 'some children have something due');
  });
}

test('a panel moved marks only the children of its district with a review stored, and a view recomputes them', async () => {
  const p = t.partnerships.get('staffordshire')!;
  await t.db.tx((q) => settleDue(q, p, calendar));
  const [o] = await t.db.query<{ id: string; version: number; district_id: string; starts_at: Date; ends_at: Date }>(
    `SELECT o.id, o.version, s.district_id, o.starts_at, o.ends_at FROM meeting_occurrences o JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
      WHERE o.partnership_id = 'staffordshire' AND s.district_id IS NOT NULL AND o.status <> 'cancelled'
        AND EXISTS (SELECT 1 FROM review_due d WHERE d.partnership_id = s.partnership_id AND d.district_id = s.district_id AND d.kind = 'review')
      ORDER BY o.starts_at DESC LIMIT 1`,
  );
  assert.ok(o, 'a panel of a district with reviews');
  const userId = await t.userId('chair', 'staffordshire');
  await t.db.tx((q) =>
    meetings.change(q, 'staffordshire', o.id, o.version, {
      status: 'moved',
      startsAt: new Date(o.starts_at.getTime() + 86_400_000),
      endsAt: new Date(o.ends_at.getTime() + 86_400_000),
      reason: 'Moved.',
      userId,
    }),
  );
  const marked = await t.db.query<{ district_id: string | null; n: number }>(
    `SELECT c.district_id, count(*)::int AS n FROM review_due_stale m JOIN children c ON c.partnership_id = m.partnership_id AND c.id = m.child_id
      WHERE m.partnership_id = 'staffordshire' GROUP BY 1`,
  );
  assert.deepEqual(
    marked.map((m) => m.district_id),
    [o.district_id],
  );
  await t.db.tx((q) => settleDue(q, p, calendar));
  const [{ n }] = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM review_due_stale WHERE partnership_id = 'staffordshire'`)) as [
    { n: number },
  ];
  assert.equal(n, 0, 'settled');
});
