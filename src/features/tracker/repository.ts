import { prepared, type Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import type { TrackerAlert } from '../../tracker/client.ts';

/** A partnership's own tracker alert as the app keeps it (child_tracker_alerts): never anything of the other record. */
export type LocalAlertRow = {
  alert_id: string;
  child_id: string;
  other_partnership: string;
  other_name: string;
  level: 'strong' | 'possible';
  probability: number;
  fields: TrackerAlert['fields'];
  state: TrackerAlert['state'];
  mutual: boolean;
  raised_at: Date;
  first_seen_at: Date;
  notified_at: Date | null;
  /** The tracker no longer lists it (withdrawn, for whatever reason: the app is not told why); kept 30 days to say so. */
  withdrawn_at: Date | null;
};

/** The identity bar's "Also known to" (repository alsoKnownTo), prepared: every child page asks it. */
const alsoKnownToSql = prepared(
  'tracker_also_known_to',
  `SELECT DISTINCT other_name FROM child_tracker_alerts WHERE partnership_id = $1 AND child_id = $2 AND mutual AND withdrawn_at IS NULL ORDER BY other_name`,
);

const columns = `alert_id, child_id, other_partnership, other_name, level, probability, fields, state, mutual, raised_at, first_seen_at, notified_at, withdrawn_at`;

/** How long a withdrawn alert stays listed as withdrawn. */
const keepWithdrawnDays = 30;

/** The app's side of the national tracker: its record of its partnerships' open alerts (issue 14). */
export function trackerRepository() {
  return {
    async list(q: Queryable, partnershipId: string): Promise<LocalAlertRow[]> {
      return q.query<LocalAlertRow>(`SELECT ${columns} FROM child_tracker_alerts WHERE partnership_id = $1 ORDER BY raised_at DESC, alert_id`, [partnershipId]);
    },

    async find(q: Queryable, partnershipId: string, alertId: string): Promise<LocalAlertRow | undefined> {
      const [row] = await q.query<LocalAlertRow>(`SELECT ${columns} FROM child_tracker_alerts WHERE partnership_id = $1 AND alert_id = $2`, [
        partnershipId,
        alertId,
      ]);
      return row;
    },

    /**
     * Brings the partnership's record in line with the tracker's open alerts: new ones inserted (returned, to be
     * told), known ones updated, ones the tracker no longer has (withdrawn: the other record closed or changed, the
     * other side rejected it, no longer a candidate — the tracker does not say which) marked withdrawn (returned, to
     * be audited) and kept for 30 days. An alert withdrawn here stays withdrawn (this side closed the child, and the
     * tracker has not yet been told). Alerts naming no open child of the partnership are ignored.
     */
    async replaceAll(
      q: Queryable,
      partnershipId: string,
      alerts: readonly TrackerAlert[],
      nameOf: (id: string) => string,
    ): Promise<{ added: LocalAlertRow[]; nowMutual: LocalAlertRow[]; withdrawn: LocalAlertRow[] }> {
      const before = new Map((await this.list(q, partnershipId)).map((r) => [r.alert_id, r]));
      const rows = JSON.stringify(
        alerts.map((a) => ({
          alert_id: a.id,
          child_id: a.ref,
          other_partnership: a.otherPartnership,
          other_name: nameOf(a.otherPartnership),
          level: a.level,
          probability: a.probability,
          fields: a.fields,
          state: a.state,
          mutual: a.mutual,
          raised_at: a.raisedAt,
        })),
      );
      await q.query(
        `INSERT INTO child_tracker_alerts (partnership_id, alert_id, child_id, other_partnership, other_name, level, probability, fields, state, mutual, raised_at)
         SELECT $1, r.alert_id, c.id, r.other_partnership, r.other_name, r.level, r.probability, r.fields, r.state, r.mutual, r.raised_at
           FROM jsonb_to_recordset($2::jsonb) AS r(alert_id text, child_id text, other_partnership text, other_name text, level text, probability double precision, fields jsonb, state text, mutual boolean, raised_at timestamptz)
           JOIN children c ON c.partnership_id = $1 AND c.id::text = r.child_id AND c.closed_at IS NULL
         ON CONFLICT (partnership_id, alert_id) DO UPDATE SET level = EXCLUDED.level, probability = EXCLUDED.probability, fields = EXCLUDED.fields,
           state = EXCLUDED.state, mutual = EXCLUDED.mutual, updated_at = now()`,
        [partnershipId, rows],
      );
      const ids = alerts.map((a) => a.id);
      const gone = await q.query<{ alert_id: string }>(
        `UPDATE child_tracker_alerts SET withdrawn_at = now(), updated_at = now()
          WHERE partnership_id = $1 AND withdrawn_at IS NULL AND NOT (alert_id = ANY($2::text[])) RETURNING alert_id`,
        [partnershipId, ids],
      );
      await q.query(`DELETE FROM child_tracker_alerts WHERE partnership_id = $1 AND withdrawn_at < now() - make_interval(days => $2)`, [
        partnershipId,
        keepWithdrawnDays,
      ]);
      const after = await this.list(q, partnershipId);
      const withdrawn = new Set(gone.map((g) => g.alert_id));
      return {
        added: after.filter((r) => !before.has(r.alert_id)),
        nowMutual: after.filter((r) => r.mutual && !r.withdrawn_at && before.has(r.alert_id) && !before.get(r.alert_id)!.mutual),
        withdrawn: after.filter((r) => withdrawn.has(r.alert_id)),
      };
    },

    /** This side closed (or is erasing) these children: their alerts are withdrawn here at once (the tracker withdraws its own when told). */
    async withdrawChildren(q: Queryable, partnershipId: string, childIds: readonly string[]): Promise<LocalAlertRow[]> {
      return q.query<LocalAlertRow>(
        `UPDATE child_tracker_alerts SET withdrawn_at = now(), updated_at = now()
          WHERE partnership_id = $1 AND child_id = ANY($2::uuid[]) AND withdrawn_at IS NULL RETURNING ${columns}`,
        [partnershipId, childIds],
      );
    },

    /** Children of the partnership already sent to the tracker, or queued to be (the nightly backfill sends the rest). */
    async sentOrQueued(q: Queryable, partnershipId: string): Promise<Set<string>> {
      const rows = await q.query<{ ref: string }>(
        `SELECT ref FROM tracker_sent WHERE partnership_id = $1 UNION SELECT ref FROM tracker_outbox WHERE partnership_id = $1`,
        [partnershipId],
      );
      return new Set(rows.map((r) => r.ref));
    },

    /** One alert as the tracker now has it (after this side confirmed or rejected it). */
    async upsertOne(q: Queryable, partnershipId: string, a: TrackerAlert, otherName: string): Promise<void> {
      if (a.state === 'rejected') {
        await q.query(`DELETE FROM child_tracker_alerts WHERE partnership_id = $1 AND alert_id = $2`, [partnershipId, a.id]);
        return;
      }
      await q.query(
        `INSERT INTO child_tracker_alerts (partnership_id, alert_id, child_id, other_partnership, level, probability, fields, state, mutual, raised_at, other_name)
         SELECT $1, $2, c.id, $4, $5, $6, $7::jsonb, $8, $9, $10, $11 FROM children c WHERE c.partnership_id = $1 AND c.id::text = $3 AND c.closed_at IS NULL
         ON CONFLICT (partnership_id, alert_id) DO UPDATE SET level = EXCLUDED.level, probability = EXCLUDED.probability, fields = EXCLUDED.fields,
           state = EXCLUDED.state, mutual = EXCLUDED.mutual, updated_at = now()`,
        [partnershipId, a.id, a.ref, a.otherPartnership, a.level, a.probability, JSON.stringify(a.fields), a.state, a.mutual, a.raisedAt, otherName],
      );
    },

    /** Queues many children's encodings at once (a bulk import): as tracker/outbox.ts enqueueTrackerSubmit, in one statement. */
    async enqueueSubmits(q: Queryable, partnershipId: string, rows: readonly { ref: string; encoding: unknown }[]): Promise<void> {
      await q.query(
        `INSERT INTO tracker_outbox (partnership_id, ref, op, encoding)
         SELECT $1, r.ref, 'submit', r.encoding FROM jsonb_to_recordset($2::jsonb) AS r(ref text, encoding jsonb)
         ON CONFLICT (partnership_id, ref) DO UPDATE SET op = EXCLUDED.op, encoding = EXCLUDED.encoding, seq = nextval('tracker_outbox_seq'),
           queued_at = now(), attempts = 0, next_attempt_at = now(), last_error = NULL, failed = false`,
        [partnershipId, JSON.stringify(rows)],
      );
    },

    async markNotified(q: Queryable, partnershipId: string, alertIds: readonly string[]): Promise<void> {
      await q.query(`UPDATE child_tracker_alerts SET notified_at = now() WHERE partnership_id = $1 AND alert_id = ANY($2::text[])`, [partnershipId, alertIds]);
    },

    /** Alerts this side has not decided yet: the coordinators' home-page notice. */
    async undecidedCount(q: Queryable, partnershipId: string): Promise<number> {
      const [row] = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM child_tracker_alerts WHERE partnership_id = $1 AND state = 'raised' AND withdrawn_at IS NULL`,
        [partnershipId],
      );
      return row?.n ?? 0;
    },

    /** A read of a list of alerts, audited naming the children it showed (each child's audit trail finds it). */
    async auditShown(
      q: Queryable,
      actor: Actor,
      e: { action: string; subjectType: string; details: Record<string, unknown> },
      childIds: readonly string[],
    ): Promise<void> {
      await q.query(
        `INSERT INTO audit_events (partnership_id, actor_user_id, actor_roles, actor_agency_id, action, outcome, subject_type, ip, details, children_shown)
         VALUES ($1, $2, $3, $4, $5, 'allowed', $6, $7, $8, $9::uuid[])`,
        [
          actor.partnershipId,
          actor.userId,
          actor.roles.join(','),
          actor.agencyId,
          e.action,
          e.subjectType,
          actor.ip,
          JSON.stringify(e.details),
          [...new Set(childIds)],
        ],
      );
    },

    /** The partnerships (their names) that also hold the child, both sides having confirmed (the identity bar's "Also known to"). */
    async alsoKnownTo(q: Queryable, partnershipId: string, childId: string): Promise<string[]> {
      const rows = await q.query<{ other_name: string }>(alsoKnownToSql, [partnershipId, childId]);
      return rows.map((r) => r.other_name);
    },
  };
}
