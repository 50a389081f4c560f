import type { Queryable } from '../db/client.ts';
import type { FieldEvidence, MatchLevel } from './engine.ts';

/** The tracker's store: all of its SQL. Every function takes the database or an open transaction. */

export type Side = { readonly partnership: string; readonly ref: string; readonly fingerprint: string };

export type PairRow = {
  id: string;
  a: Side;
  b: Side;
  probability: number;
  level: MatchLevel;
  fields: FieldEvidence[];
  state: 'open' | 'confirmed' | 'rejected' | 'withdrawn';
};

export type AlertState = 'raised' | 'confirmed' | 'rejected' | 'withdrawn';

export type AlertRow = {
  id: string;
  pairId: string;
  partnership: string;
  ref: string;
  otherPartnership: string;
  state: AlertState;
  reason: string | null;
  disclosure: string | null;
  raisedAt: Date;
  confirmedAt: Date | null;
  rejectedAt: Date | null;
  pairState: PairRow['state'];
  probability: number;
  level: MatchLevel;
  fields: FieldEvidence[];
};

export type AuditEntry = {
  actor: string;
  action: string;
  partnership?: string;
  ref?: string;
  alertId?: string;
  otherPartnership?: string;
  detail?: Record<string, unknown>;
};

const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const asDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : asDate(v));
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

// ---- encodings

export async function getEncoding(
  q: Queryable,
  partnership: string,
  ref: string,
): Promise<{ encoding: unknown; fingerprint: string; version: number } | undefined> {
  const rows = await q.query<{ encoding: unknown; fingerprint: string; version: number }>(
    'SELECT encoding, fingerprint, version FROM tracker_encodings WHERE partnership_id = $1 AND ref = $2',
    [partnership, ref],
  );
  return rows[0] && { ...rows[0], encoding: json(rows[0].encoding) };
}

/** Inserts or replaces a child's encoding; the version goes up by one on each change. */
export async function upsertEncoding(q: Queryable, partnership: string, ref: string, encoding: unknown, fingerprint: string): Promise<number> {
  const rows = await q.query<{ version: number }>(
    `INSERT INTO tracker_encodings (partnership_id, ref, encoding, fingerprint) VALUES ($1, $2, $3::jsonb, $4)
     ON CONFLICT (partnership_id, ref) DO UPDATE
       SET encoding = EXCLUDED.encoding, fingerprint = EXCLUDED.fingerprint, version = tracker_encodings.version + 1, updated_at = now()
     RETURNING version`,
    [partnership, ref, JSON.stringify(encoding), fingerprint],
  );
  return rows[0]!.version;
}

export async function deleteEncoding(q: Queryable, partnership: string, ref: string): Promise<boolean> {
  const rows = await q.query('DELETE FROM tracker_encodings WHERE partnership_id = $1 AND ref = $2 RETURNING ref', [partnership, ref]);
  return rows.length > 0;
}

export async function allEncodings(q: Queryable): Promise<{ partnership: string; ref: string; encoding: unknown; fingerprint: string }[]> {
  const rows = await q.query<{ partnership_id: string; ref: string; encoding: unknown; fingerprint: string }>(
    'SELECT partnership_id, ref, encoding, fingerprint FROM tracker_encodings ORDER BY partnership_id, ref',
  );
  return rows.map((r) => ({ partnership: r.partnership_id, ref: r.ref, encoding: json(r.encoding), fingerprint: r.fingerprint }));
}

// ---- pairs

const pairColumns = `id, a_partnership_id, a_ref, a_fingerprint, b_partnership_id, b_ref, b_fingerprint, probability, level, fields, state`;
type PairDbRow = {
  id: string;
  a_partnership_id: string;
  a_ref: string;
  a_fingerprint: string;
  b_partnership_id: string;
  b_ref: string;
  b_fingerprint: string;
  probability: number;
  level: MatchLevel;
  fields: unknown;
  state: PairRow['state'];
};
const toPair = (r: PairDbRow): PairRow => ({
  id: r.id,
  a: { partnership: r.a_partnership_id, ref: r.a_ref, fingerprint: r.a_fingerprint },
  b: { partnership: r.b_partnership_id, ref: r.b_ref, fingerprint: r.b_fingerprint },
  probability: Number(r.probability),
  level: r.level,
  fields: json(r.fields),
  state: r.state,
});

/** The live (open or confirmed) pairs a record is in. */
export async function livePairsOf(q: Queryable, partnership: string, ref: string): Promise<PairRow[]> {
  const rows = await q.query<PairDbRow>(
    `SELECT ${pairColumns} FROM tracker_pairs WHERE state IN ('open', 'confirmed')
       AND ((a_partnership_id = $1 AND a_ref = $2) OR (b_partnership_id = $1 AND b_ref = $2))`,
    [partnership, ref],
  );
  return rows.map(toPair);
}

export async function allLivePairs(q: Queryable): Promise<PairRow[]> {
  return (await q.query<PairDbRow>(`SELECT ${pairColumns} FROM tracker_pairs WHERE state IN ('open', 'confirmed')`)).map(toPair);
}

/**
 * New pairs and one alert for each side of each, in a few statements whatever their number (a full re-match may raise
 * thousands); returns, in the same order, each pair's id and its two alerts' ids.
 */
export async function insertPairs(
  q: Queryable,
  pairs: readonly Omit<PairRow, 'id' | 'state'>[],
): Promise<{ pairId: string; alertA: string; alertB: string }[]> {
  const out: { pairId: string; alertA: string; alertB: string }[] = [];
  for (let at = 0; at < pairs.length; at += 2000) {
    const chunk = pairs.slice(at, at + 2000);
    const col = <T>(f: (p: Omit<PairRow, 'id' | 'state'>) => T) => chunk.map(f);
    const rows = await q.query<{ id: string; a_partnership_id: string; a_ref: string; b_partnership_id: string; b_ref: string }>(
      `INSERT INTO tracker_pairs (a_partnership_id, a_ref, a_fingerprint, b_partnership_id, b_ref, b_fingerprint, probability, level, fields)
       SELECT ap, ar, af, bp, br, bf, pr, lv, fl::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[], $9::text[]) AS v (ap, ar, af, bp, br, bf, pr, lv, fl)
       RETURNING id, a_partnership_id, a_ref, b_partnership_id, b_ref`,
      [
        col((p) => p.a.partnership),
        col((p) => p.a.ref),
        col((p) => p.a.fingerprint),
        col((p) => p.b.partnership),
        col((p) => p.b.ref),
        col((p) => p.b.fingerprint),
        col((p) => p.probability),
        col((p) => p.level),
        col((p) => JSON.stringify(p.fields)),
      ],
    );
    const keyOf = (ap: string, ar: string, bp: string, br: string) => [ap, ar, bp, br].join('\u0000');
    const idByKey = new Map(rows.map((r) => [keyOf(r.a_partnership_id, r.a_ref, r.b_partnership_id, r.b_ref), r.id]));
    const pairIds = chunk.map((p) => idByKey.get(keyOf(p.a.partnership, p.a.ref, p.b.partnership, p.b.ref))!);
    const alerts = await q.query<{ id: string; pair_id: string; partnership_id: string }>(
      `INSERT INTO tracker_alerts (pair_id, partnership_id, ref, other_partnership_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) RETURNING id, pair_id, partnership_id`,
      [
        [...pairIds, ...pairIds],
        [...col((p) => p.a.partnership), ...col((p) => p.b.partnership)],
        [...col((p) => p.a.ref), ...col((p) => p.b.ref)],
        [...col((p) => p.b.partnership), ...col((p) => p.a.partnership)],
      ],
    );
    const alertOfSide = new Map(alerts.map((a) => [`${a.pair_id}\u0000${a.partnership_id}`, a.id]));
    chunk.forEach((p, i) =>
      out.push({
        pairId: pairIds[i]!,
        alertA: alertOfSide.get(`${pairIds[i]}\u0000${p.a.partnership}`)!,
        alertB: alertOfSide.get(`${pairIds[i]}\u0000${p.b.partnership}`)!,
      }),
    );
  }
  return out;
}

/** Rescores many pairs in a few statements. */
export async function updatePairScores(q: Queryable, rows: readonly Pick<PairRow, 'id' | 'a' | 'b' | 'probability' | 'level' | 'fields'>[]): Promise<void> {
  for (let at = 0; at < rows.length; at += 2000) {
    const chunk = rows.slice(at, at + 2000);
    await q.query(
      `UPDATE tracker_pairs p SET a_fingerprint = v.af, b_fingerprint = v.bf, probability = v.pr, level = v.lv, fields = v.fl::jsonb, updated_at = now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::text[], $6::text[]) AS v (id, af, bf, pr, lv, fl) WHERE p.id = v.id`,
      [
        chunk.map((r) => r.id),
        chunk.map((r) => r.a.fingerprint),
        chunk.map((r) => r.b.fingerprint),
        chunk.map((r) => r.probability),
        chunk.map((r) => r.level),
        chunk.map((r) => JSON.stringify(r.fields)),
      ],
    );
  }
}

export async function setPairState(q: Queryable, id: string, state: PairRow['state']): Promise<void> {
  await q.query(
    `UPDATE tracker_pairs SET state = $2, updated_at = now(), closed_at = CASE WHEN $2 IN ('rejected', 'withdrawn') THEN now() ELSE closed_at END WHERE id = $1`,
    [id, state],
  );
}

/** Withdraws a pair and those of its alerts not yet withdrawn; returns the alerts it withdrew. */
export async function withdrawPair(q: Queryable, id: string): Promise<{ id: string; partnership: string; ref: string; otherPartnership: string }[]> {
  await setPairState(q, id, 'withdrawn');
  const rows = await q.query<{ id: string; partnership_id: string; ref: string; other_partnership_id: string }>(
    `UPDATE tracker_alerts SET state = 'withdrawn', withdrawn_at = now(), disclosure = NULL WHERE pair_id = $1 AND state <> 'withdrawn'
     RETURNING id, partnership_id, ref, other_partnership_id`,
    [id],
  );
  return rows.map((r) => ({ id: r.id, partnership: r.partnership_id, ref: r.ref, otherPartnership: r.other_partnership_id }));
}

// ---- rejections

const rejectionKey = (a: Side, b: Side) => [a.partnership, a.ref, a.fingerprint, b.partnership, b.ref, b.fingerprint].join('\u0000');

export async function isRejected(q: Queryable, a: Side, b: Side): Promise<boolean> {
  const rows = await q.query(
    `SELECT 1 FROM tracker_rejections WHERE a_partnership_id = $1 AND a_ref = $2 AND a_fingerprint = $3
       AND b_partnership_id = $4 AND b_ref = $5 AND b_fingerprint = $6`,
    [a.partnership, a.ref, a.fingerprint, b.partnership, b.ref, b.fingerprint],
  );
  return rows.length > 0;
}

/** Every remembered rejection, as keys for `rejectedKey` (a full re-match checks thousands at once). */
export async function allRejections(q: Queryable): Promise<Set<string>> {
  const rows = await q.query<Record<string, string>>(
    'SELECT a_partnership_id, a_ref, a_fingerprint, b_partnership_id, b_ref, b_fingerprint FROM tracker_rejections',
  );
  return new Set(
    rows.map((r) =>
      rejectionKey(
        { partnership: r.a_partnership_id!, ref: r.a_ref!, fingerprint: r.a_fingerprint! },
        { partnership: r.b_partnership_id!, ref: r.b_ref!, fingerprint: r.b_fingerprint! },
      ),
    ),
  );
}
export const rejectedKey = rejectionKey;

export async function addRejection(q: Queryable, a: Side, b: Side, by: string, reason: string): Promise<void> {
  await q.query(
    `INSERT INTO tracker_rejections (a_partnership_id, a_ref, a_fingerprint, b_partnership_id, b_ref, b_fingerprint, rejected_by, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
    [a.partnership, a.ref, a.fingerprint, b.partnership, b.ref, b.fingerprint, by, reason],
  );
}

// ---- alerts

const alertSelect = `SELECT al.id, al.pair_id, al.partnership_id, al.ref, al.other_partnership_id, al.state, al.reason, al.disclosure,
    al.raised_at, al.confirmed_at, al.rejected_at, p.state AS pair_state, p.probability, p.level, p.fields
  FROM tracker_alerts al JOIN tracker_pairs p ON p.id = al.pair_id`;
type AlertDbRow = {
  id: string;
  pair_id: string;
  partnership_id: string;
  ref: string;
  other_partnership_id: string;
  state: AlertState;
  reason: string | null;
  disclosure: string | null;
  raised_at: unknown;
  confirmed_at: unknown;
  rejected_at: unknown;
  pair_state: PairRow['state'];
  probability: number;
  level: MatchLevel;
  fields: unknown;
};
const toAlert = (r: AlertDbRow): AlertRow => ({
  id: r.id,
  pairId: r.pair_id,
  partnership: r.partnership_id,
  ref: r.ref,
  otherPartnership: r.other_partnership_id,
  state: r.state,
  reason: r.reason,
  disclosure: r.disclosure,
  raisedAt: asDate(r.raised_at),
  confirmedAt: asDateOrNull(r.confirmed_at),
  rejectedAt: asDateOrNull(r.rejected_at),
  pairState: r.pair_state,
  probability: Number(r.probability),
  level: r.level,
  fields: json(r.fields),
});

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A partnership's own alert (never another's), unless withdrawn. */
export async function alertOf(q: Queryable, partnership: string, id: string, forUpdate = false): Promise<AlertRow | undefined> {
  if (!uuidPattern.test(id)) return undefined;
  const rows = await q.query<AlertDbRow>(
    `${alertSelect} WHERE al.id = $1 AND al.partnership_id = $2 AND al.state <> 'withdrawn'${forUpdate ? ' FOR UPDATE OF al, p' : ''}`,
    [id, partnership],
  );
  return rows[0] && toAlert(rows[0]);
}

/** A partnership's open alerts (raised or confirmed by it, on a live pair), newest first. */
export async function openAlertsOf(q: Queryable, partnership: string): Promise<AlertRow[]> {
  const rows = await q.query<AlertDbRow>(
    `${alertSelect} WHERE al.partnership_id = $1 AND al.state IN ('raised', 'confirmed') AND p.state IN ('open', 'confirmed')
     ORDER BY al.raised_at DESC, al.id`,
    [partnership],
  );
  return rows.map(toAlert);
}

/** The other side's alert of a pair. */
export async function otherAlert(q: Queryable, pairId: string, partnership: string): Promise<AlertRow> {
  const rows = await q.query<AlertDbRow>(`${alertSelect} WHERE al.pair_id = $1 AND al.partnership_id <> $2`, [pairId, partnership]);
  return toAlert(rows[0]!);
}

export async function confirmAlert(q: Queryable, id: string, disclosure: string): Promise<void> {
  await q.query(`UPDATE tracker_alerts SET state = 'confirmed', confirmed_at = coalesce(confirmed_at, now()), disclosure = $2 WHERE id = $1`, [id, disclosure]);
}

export async function rejectAlert(q: Queryable, id: string, reason: string): Promise<void> {
  await q.query(`UPDATE tracker_alerts SET state = 'rejected', rejected_at = now(), reason = $2, disclosure = NULL WHERE id = $1`, [id, reason]);
}

export async function withdrawAlert(q: Queryable, id: string): Promise<void> {
  await q.query(`UPDATE tracker_alerts SET state = 'withdrawn', withdrawn_at = now(), disclosure = NULL WHERE id = $1`, [id]);
}

// ---- model

export async function getModel(q: Queryable): Promise<unknown> {
  const rows = await q.query<{ model: unknown }>('SELECT model FROM tracker_model WHERE id = 1');
  return rows[0] ? json(rows[0].model) : null;
}

export async function saveModel(q: Queryable, model: unknown, records: number): Promise<void> {
  await q.query(
    `INSERT INTO tracker_model (id, model, records) VALUES (1, $1::jsonb, $2)
     ON CONFLICT (id) DO UPDATE SET model = EXCLUDED.model, records = EXCLUDED.records, fitted_at = now()`,
    [JSON.stringify(model ?? null), records],
  );
}

// ---- audit

export async function audit(q: Queryable, e: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO tracker_audit (actor, action, partnership_id, ref, alert_id, other_partnership_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    [e.actor, e.action, e.partnership ?? null, e.ref ?? null, e.alertId ?? null, e.otherPartnership ?? null, e.detail ? JSON.stringify(e.detail) : null],
  );
}

/** Many audit entries in a few statements. */
export async function auditMany(q: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  for (let at = 0; at < entries.length; at += 2000) {
    const c = entries.slice(at, at + 2000);
    await q.query(
      `INSERT INTO tracker_audit (actor, action, partnership_id, ref, alert_id, other_partnership_id, detail)
       SELECT ac, an, pa, rf, al, op, dt::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[]) AS v (ac, an, pa, rf, al, op, dt)`,
      [
        c.map((e) => e.actor),
        c.map((e) => e.action),
        c.map((e) => e.partnership ?? null),
        c.map((e) => e.ref ?? null),
        c.map((e) => e.alertId ?? null),
        c.map((e) => e.otherPartnership ?? null),
        c.map((e) => (e.detail ? JSON.stringify(e.detail) : null)),
      ],
    );
  }
}

export type AuditRow = AuditEntry & { at: Date };

export async function auditOf(q: Queryable, filter: { partnership?: string; alertId?: string } = {}): Promise<AuditRow[]> {
  const rows = await q.query<{
    at: unknown;
    actor: string;
    action: string;
    partnership_id: string | null;
    ref: string | null;
    alert_id: string | null;
    other_partnership_id: string | null;
    detail: unknown;
  }>(
    `SELECT at, actor, action, partnership_id, ref, alert_id, other_partnership_id, detail FROM tracker_audit
     WHERE ($1::text IS NULL OR partnership_id = $1 OR actor = $1) AND ($2::uuid IS NULL OR alert_id = $2) ORDER BY id`,
    [filter.partnership ?? null, filter.alertId ?? null],
  );
  return rows.map((r) => ({
    at: asDate(r.at),
    actor: r.actor,
    action: r.action,
    partnership: r.partnership_id ?? undefined,
    ref: r.ref ?? undefined,
    alertId: r.alert_id ?? undefined,
    otherPartnership: r.other_partnership_id ?? undefined,
    detail: r.detail === null ? undefined : json(r.detail),
  }));
}
