import type { Queryable } from '../../db/client.ts';
import type { AssessmentRow } from '../assessments/repository.ts';

export type ChildScope = { harmful_sexual_behaviour: boolean; placing_authority: string | null };

const select = `SELECT a.*, u.display_name AS author_name FROM assessments a LEFT JOIN users u ON u.partnership_id = a.partnership_id AND u.id = a.author_user_id`;

/** The VAT's own SQL: the child's MACE scope (DOMAIN §4) and finding a child's VATs. */
export function vatRepository() {
  return {
    async scope(q: Queryable, partnershipId: string, childId: string): Promise<ChildScope | undefined> {
      const [row] = await q.query<ChildScope>(`SELECT harmful_sexual_behaviour, placing_authority FROM children WHERE partnership_id = $1 AND id = $2`, [
        partnershipId,
        childId,
      ]);
      return row;
    },

    /** Records whether the child shows harmful sexual behaviour and who placed them (looked after children placed by another authority). */
    async recordScope(q: Queryable, partnershipId: string, childId: string, s: ChildScope): Promise<void> {
      await q.query(`UPDATE children SET harmful_sexual_behaviour = $3, placing_authority = $4, updated_at = now() WHERE partnership_id = $1 AND id = $2`, [
        partnershipId,
        childId,
        s.harmful_sexual_behaviour,
        s.placing_authority,
      ]);
    },

    /** The child's open draft VAT (not an amendment), if any. */
    async draftFor(q: Queryable, partnershipId: string, childId: string): Promise<AssessmentRow | undefined> {
      const [row] = await q.query<AssessmentRow>(
        `${select} WHERE a.partnership_id = $1 AND a.child_id = $2 AND a.instrument = 'vat' AND a.status = 'draft' AND a.amends_id IS NULL
          ORDER BY a.created_at DESC LIMIT 1`,
        [partnershipId, childId],
      );
      return row;
    },

    /**
     * The child's current VAT: the newest submitted one not replaced by an amendment; optionally
     * outside one series (`except`) and submitted before a moment (`before`).
     */
    async latestSubmitted(
      q: Queryable,
      partnershipId: string,
      childId: string,
      o: { except?: string; before?: Date } = {},
    ): Promise<AssessmentRow | undefined> {
      const [row] = await q.query<AssessmentRow>(
        `${select} WHERE a.partnership_id = $1 AND a.child_id = $2 AND a.instrument = 'vat' AND a.status = 'submitted'
            AND a.superseded_at IS NULL AND ($3::uuid IS NULL OR a.series_id <> $3::uuid) AND ($4::timestamptz IS NULL OR a.submitted_at < $4::timestamptz)
          ORDER BY a.completed_on DESC, a.submitted_at DESC LIMIT 1`,
        [partnershipId, childId, o.except ?? null, o.before ?? null],
      );
      return row;
    },

    async find(q: Queryable, partnershipId: string, id: string): Promise<AssessmentRow | undefined> {
      const [row] = await q.query<AssessmentRow>(`${select} WHERE a.partnership_id = $1 AND a.id = $2`, [partnershipId, id]);
      return row;
    },
  };
}
