import type { Db } from './client.ts';
import type { PartnershipConfig } from '../partnerships/index.ts';

/** Writes the partnerships' configuration (districts, agencies) into the tables that rows refer to. */
export async function syncPartnerships(db: Db, partnerships: Map<string, PartnershipConfig>): Promise<void> {
  await db.tx(async (q) => {
    for (const p of partnerships.values()) {
      await q.query(
        `INSERT INTO partnerships (id, name, config) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, config = excluded.config, updated_at = now()`,
        [p.id, p.name, JSON.stringify(p)],
      );
      for (const d of p.districts) {
        await q.query(
          `INSERT INTO districts (partnership_id, id, name) VALUES ($1, $2, $3) ON CONFLICT (partnership_id, id) DO UPDATE SET name = excluded.name`,
          [p.id, d.id, d.name],
        );
      }
      for (const a of p.agencies) {
        await q.query(
          `INSERT INTO agencies (partnership_id, id, name, kind) VALUES ($1, $2, $3, $4)
           ON CONFLICT (partnership_id, id) DO UPDATE SET name = excluded.name, kind = excluded.kind`,
          [p.id, a.id, a.name, a.kind],
        );
      }
    }
  });
}
