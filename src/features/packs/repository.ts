import type { Queryable } from '../../db/client.ts';
import type { PackKind } from '../../domain/packs/packs.ts';

export type OccurrenceRow = {
  id: string;
  series_id: string;
  series_name: string;
  type_id: string;
  timezone: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  agenda_status: string | null;
  agenda_items: number;
};
export type Recipient = { name: string; email: string; membership: string };
export type SentRow = { sent_at: Date; kind: PackKind; filename: string; recipients: number; sent_by_name: string | null };

const occurrenceSql = `
  SELECT o.id, o.series_id, s.name AS series_name, s.type_id, s.timezone, o.starts_at, o.ends_at, o.status, a.status AS agenda_status,
         (SELECT count(*)::int FROM agenda_items i WHERE i.partnership_id = o.partnership_id AND i.occurrence_id = o.id) AS agenda_items
    FROM meeting_occurrences o
    JOIN meeting_series s ON s.partnership_id = o.partnership_id AND s.id = o.series_id
    LEFT JOIN agendas a ON a.partnership_id = o.partnership_id AND a.occurrence_id = o.id
   WHERE o.partnership_id = $1 AND o.id = $2`;

/** The document pack's SQL: the meeting, its members' addresses, and the packs sent. */
export function packRepository() {
  return {
    async occurrence(q: Queryable, partnershipId: string, occurrenceId: string): Promise<OccurrenceRow | undefined> {
      const [occ] = await q.query<OccurrenceRow>(occurrenceSql, [partnershipId, occurrenceId]);
      return occ;
    },

    /** The members of a series who can receive mail: users still enabled, and members outside MACE by their address. */
    members(q: Queryable, partnershipId: string, seriesId: string): Promise<Recipient[]> {
      return q.query<Recipient>(
        `SELECT coalesce(u.display_name, m.name) AS name, coalesce(u.email, m.email) AS email, m.membership
           FROM meeting_members m LEFT JOIN users u ON u.partnership_id = m.partnership_id AND u.id = m.user_id
          WHERE m.partnership_id = $1 AND m.series_id = $2 AND (u.id IS NULL OR u.disabled_at IS NULL) AND coalesce(u.email, m.email) IS NOT NULL
          ORDER BY m.membership, lower(coalesce(u.display_name, m.name))`,
        [partnershipId, seriesId],
      );
    },

    sent(q: Queryable, partnershipId: string, occurrenceId: string): Promise<SentRow[]> {
      return q.query<SentRow>(
        `SELECT k.sent_at, k.kind, k.filename, k.recipients, u.display_name AS sent_by_name
           FROM meeting_packs_sent k LEFT JOIN users u ON u.partnership_id = k.partnership_id AND u.id = k.sent_by
          WHERE k.partnership_id = $1 AND k.occurrence_id = $2 ORDER BY k.sent_at DESC`,
        [partnershipId, occurrenceId],
      );
    },

    async recordSent(
      q: Queryable,
      s: {
        partnershipId: string;
        occurrenceId: string;
        kind: PackKind;
        filename: string;
        periodFrom: string | null;
        periodTo: string | null;
        recipients: number;
        sentBy: string;
        sentAt: Date;
      },
    ): Promise<void> {
      await q.query(
        `INSERT INTO meeting_packs_sent (partnership_id, occurrence_id, kind, filename, period_from, period_to, recipients, sent_by, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [s.partnershipId, s.occurrenceId, s.kind, s.filename, s.periodFrom, s.periodTo, s.recipients, s.sentBy, s.sentAt],
      );
    },
  };
}
