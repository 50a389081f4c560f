import type { Db } from '../../db/client.ts';

/** The health check: whether the database answers, and which kind it is. */
export function platformService(db: Db) {
  return {
    async health(): Promise<{ ok: boolean; database: Db['kind'] }> {
      try {
        await db.query('SELECT 1');
        return { ok: true, database: db.kind };
      } catch {
        return { ok: false, database: db.kind };
      }
    },
  };
}
