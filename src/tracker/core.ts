import crypto from 'node:crypto';
import type { Db, Queryable } from '../db/client.ts';
import type { CandidatePair, FieldEvidence, LinkageEngine, MatchIndex, MatchLevel, Thresholds } from './engine.ts';
import { TrackerError, notFound } from './errors.ts';
import * as store from './store.ts';
import type { AlertRow, PairRow, Side } from './store.ts';

/**
 * The national tracker's logic (DOMAIN §4: alerts when a child on one partnership's tracker is identified on
 * another's). It holds keyed encodings, never records: a partnership submits its child's encoding under an opaque
 * reference, the encoding is matched in memory against the other partnerships' children, and each candidate raises
 * one alert on each side. A side sees only its own child's reference, the other partnership, the strength and the
 * fields that agreed; once BOTH sides confirm, each may fetch what the other sent with its confirmation (contact, risk
 * level, lead agency), encrypted under the partnerships' shared key, which the tracker relays unread.
 *
 * Writes are taken one at a time (the in-memory index and the store change together); one tracker process per store.
 */

/** What a partnership sees of its own alert: never anything of the other record. */
export type TrackerAlert = {
  id: string;
  /** This partnership's own child's reference. */
  ref: string;
  otherPartnership: string;
  level: MatchLevel;
  probability: number;
  /** The fields that agreed, at which level, and what each contributed. */
  fields: FieldEvidence[];
  /** This side's decision so far. */
  state: 'raised' | 'confirmed' | 'rejected';
  /** Both sides have confirmed: each may fetch the other's disclosure. */
  mutual: boolean;
  raisedAt: string;
  confirmedAt?: string;
  rejectedAt?: string;
  reason?: string;
};

export type SubmitResult = { ref: string; version: number; fingerprint: string; changed: boolean; raised: number; withdrawn: number };
export type WithdrawResult = { ref: string; withdrawn: boolean; alertsWithdrawn: number };
export type DisclosureResult = { alertId: string; otherPartnership: string; disclosure: string };
export type RematchResult = { records: number; candidates: number; raised: number; updated: number; withdrawn: number; ms: number };

export interface TrackerCore {
  submit(partnership: string, ref: string, encoding: unknown): Promise<SubmitResult>;
  withdraw(partnership: string, ref: string): Promise<WithdrawResult>;
  alerts(partnership: string): Promise<TrackerAlert[]>;
  alert(partnership: string, id: string): Promise<TrackerAlert>;
  confirm(partnership: string, id: string, disclosure: string): Promise<TrackerAlert>;
  reject(partnership: string, id: string, reason: string): Promise<TrackerAlert>;
  disclosure(partnership: string, id: string): Promise<DisclosureResult>;
  /** Refits the model on every encoding, rebuilds the index and matches all against all (a job calls it). */
  rematch(actor: string): Promise<RematchResult>;
  /** How many encodings the index holds. */
  readonly size: number;
}

type TrackerCoreOptions = {
  db: Db;
  engine: LinkageEngine;
  thresholds: Thresholds;
};

/** Partnership ids and references: opaque identifiers, never names. */
export const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** A disclosure is base64url ciphertext (see disclosure.ts); a few kilobytes at most. */
const disclosurePattern = /^[A-Za-z0-9_-]{16,16384}$/;
const maxEncodingBytes = 256 * 1024;
const maxReasonLength = 1000;

const keyOf = (partnership: string, ref: string) => `${partnership}\u0000${ref}`;

/** The sha256 of an encoding's canonical JSON (keys sorted): the same encoding always has the same fingerprint. */
function fingerprintOf(encoding: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(encoding)).digest('hex');
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function checkId(what: 'partnership' | 'ref', v: unknown): string {
  if (typeof v !== 'string' || !idPattern.test(v)) {
    throw new TrackerError('invalid', `The ${what} is not a valid identifier.`, {
      [what]: 'letters, digits, . _ : - (at most 128), starting with a letter or digit',
    });
  }
  return v;
}

const iso = (d: Date | null) => (d ? d.toISOString() : undefined);

function view(a: AlertRow): TrackerAlert {
  const out: TrackerAlert = {
    id: a.id,
    ref: a.ref,
    otherPartnership: a.otherPartnership,
    level: a.level,
    probability: a.probability,
    fields: a.fields,
    state: a.state as TrackerAlert['state'],
    mutual: a.pairState === 'confirmed',
    raisedAt: a.raisedAt.toISOString(),
  };
  if (a.confirmedAt) out.confirmedAt = iso(a.confirmedAt);
  if (a.rejectedAt) out.rejectedAt = iso(a.rejectedAt);
  if (a.reason) out.reason = a.reason;
  return out;
}

/** The two records of a pair in a fixed order (partnership, then ref), so a pair has one key. */
function ordered<T extends { partnership: string; ref: string }>(x: T, y: T): [T, T] {
  return x.partnership < y.partnership || (x.partnership === y.partnership && x.ref < y.ref) ? [x, y] : [y, x];
}
const pairKey = (a: { partnership: string; ref: string }, b: { partnership: string; ref: string }) => {
  const [lo, hi] = ordered(a, b);
  return `${keyOf(lo.partnership, lo.ref)}\u0001${keyOf(hi.partnership, hi.ref)}`;
};

export async function createTrackerCore(opts: TrackerCoreOptions): Promise<TrackerCore> {
  const { db, engine, thresholds } = opts;
  if (!(thresholds.possible > 0 && thresholds.possible <= thresholds.strong && thresholds.strong <= 1)) {
    throw new Error('tracker thresholds: 0 < possible ≤ strong ≤ 1');
  }
  const levelOf = (p: number): MatchLevel | null => (p >= thresholds.strong ? 'strong' : p >= thresholds.possible ? 'possible' : null);

  /** Each record's fingerprint, by key: what the index holds, so pairs and rejections name the right versions. */
  const fingerprints = new Map<string, string>();
  let index: MatchIndex;

  function load(model: unknown, rows: Awaited<ReturnType<typeof store.allEncodings>>): void {
    index = engine.createIndex(model, thresholds);
    fingerprints.clear();
    for (const r of rows) {
      index.add(r);
      fingerprints.set(keyOf(r.partnership, r.ref), r.fingerprint);
    }
  }
  load(await store.getModel(db), await store.allEncodings(db));

  // One write at a time: the index and the store change together.
  let queue: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  }

  const sideOf = (partnership: string, ref: string): Side => ({ partnership, ref, fingerprint: fingerprints.get(keyOf(partnership, ref))! });

  /** Raises the pairs found: one pair and two alerts each, audited as raised to each side. */
  async function raiseAll(q: Queryable, found: { pair: CandidatePair; level: MatchLevel }[]): Promise<void> {
    if (!found.length) return;
    const rows = found.map(({ pair, level }) => {
      const [a, b] = ordered(sideOf(pair.a.partnership, pair.a.ref), sideOf(pair.b.partnership, pair.b.ref));
      return { a, b, probability: pair.probability, level, fields: [...pair.fields] };
    });
    const ids = await store.insertPairs(q, rows);
    await store.auditMany(
      q,
      rows.flatMap((r, i) =>
        (
          [
            [r.a, r.b, ids[i]!.alertA],
            [r.b, r.a, ids[i]!.alertB],
          ] as const
        ).map(([side, other, alertId]) => ({
          actor: 'tracker',
          action: 'alert.raised',
          partnership: side.partnership,
          ref: side.ref,
          alertId,
          otherPartnership: other.partnership,
          detail: { level: r.level, probability: r.probability, fields: r.fields.map((f) => f.field) },
        })),
      ),
    );
  }

  async function withdrawLive(q: Queryable, pair: PairRow, reason: string): Promise<number> {
    const alerts = await store.withdrawPair(q, pair.id);
    for (const al of alerts) {
      await store.audit(q, {
        actor: 'tracker',
        action: 'alert.withdrawn',
        partnership: al.partnership,
        ref: al.ref,
        alertId: al.id,
        otherPartnership: al.otherPartnership,
        detail: { reason },
      });
    }
    return alerts.length;
  }

  /**
   * Brings the live pairs in line with what the engine found: a found pair already live is rescored (and keeps its
   * alerts and their decisions); a new one raises two alerts unless it was rejected at these very encodings; an open
   * pair no longer found is withdrawn. A pair both sides confirmed stays: people decided it.
   */
  async function reconcile(q: Queryable, found: CandidatePair[], live: PairRow[], rejected: (a: Side, b: Side) => Promise<boolean>) {
    const liveByKey = new Map(live.map((p) => [pairKey(p.a, p.b), p]));
    const toRaise: { pair: CandidatePair; level: MatchLevel }[] = [];
    const toUpdate: Parameters<typeof store.updatePairScores>[1][number][] = [];
    const seen = new Set<string>();
    let withdrawn = 0;
    for (const f of found) {
      const level = levelOf(f.probability);
      if (!level || f.a.partnership === f.b.partnership) continue;
      const key = pairKey(f.a, f.b);
      if (seen.has(key)) continue;
      seen.add(key);
      const existing = liveByKey.get(key);
      const [a, b] = ordered(sideOf(f.a.partnership, f.a.ref), sideOf(f.b.partnership, f.b.ref));
      if (existing) {
        liveByKey.delete(key);
        if (
          existing.a.fingerprint !== a.fingerprint ||
          existing.b.fingerprint !== b.fingerprint ||
          existing.probability !== f.probability ||
          existing.level !== level
        ) {
          toUpdate.push({ id: existing.id, a, b, probability: f.probability, level, fields: [...f.fields] });
        }
        continue;
      }
      if (await rejected(a, b)) continue;
      toRaise.push({ pair: f, level });
    }
    for (const p of liveByKey.values()) {
      if (p.state === 'open') {
        withdrawn += (await withdrawLive(q, p, 'no longer a candidate')) > 0 ? 1 : 0;
      } else {
        const [a, b] = [sideOf(p.a.partnership, p.a.ref), sideOf(p.b.partnership, p.b.ref)];
        if (a.fingerprint && b.fingerprint && (a.fingerprint !== p.a.fingerprint || b.fingerprint !== p.b.fingerprint)) toUpdate.push({ ...p, a, b });
      }
    }
    await store.updatePairScores(q, toUpdate);
    await raiseAll(q, toRaise);
    const raised = toRaise.length;
    const updated = toUpdate.length;
    return { raised, updated, withdrawn };
  }

  async function restore(partnership: string, ref: string): Promise<void> {
    // The store did not change: put the index back as the store has it.
    const key = keyOf(partnership, ref);
    const row = await store.getEncoding(db, partnership, ref).catch(() => undefined);
    if (row) {
      index.add({ partnership, ref, encoding: row.encoding });
      fingerprints.set(key, row.fingerprint);
    } else {
      index.remove(partnership, ref);
      fingerprints.delete(key);
    }
  }

  return {
    get size() {
      return index.size;
    },

    async submit(partnership, ref, encoding) {
      checkId('partnership', partnership);
      checkId('ref', ref);
      const text = JSON.stringify(encoding ?? null);
      if (encoding === null || encoding === undefined || text.length > maxEncodingBytes) {
        throw new TrackerError('invalid', 'The encoding is missing or too large.', { encoding: `required, at most ${maxEncodingBytes} bytes of JSON` });
      }
      const problem = engine.check(encoding);
      if (problem) throw new TrackerError('invalid', 'The encoding is not one the tracker can match.', { encoding: problem });
      const fingerprint = fingerprintOf(encoding);
      return exclusive(async () => {
        const key = keyOf(partnership, ref);
        if (fingerprints.get(key) === fingerprint) {
          const row = await store.getEncoding(db, partnership, ref);
          await store.audit(db, { actor: partnership, action: 'encoding.unchanged', partnership, ref });
          return { ref, version: row?.version ?? 1, fingerprint, changed: false, raised: 0, withdrawn: 0 };
        }
        index.add({ partnership, ref, encoding });
        fingerprints.set(key, fingerprint);
        try {
          const found: CandidatePair[] = index.match(partnership, ref).map((c) => ({
            a: { partnership, ref },
            b: { partnership: c.partnership, ref: c.ref },
            probability: c.probability,
            level: c.level,
            fields: c.fields,
          }));
          return await db.tx(async (q) => {
            const version = await store.upsertEncoding(q, partnership, ref, encoding, fingerprint);
            await store.audit(q, { actor: partnership, action: 'encoding.submitted', partnership, ref, detail: { version, candidates: found.length } });
            const live = await store.livePairsOf(q, partnership, ref);
            const r = await reconcile(q, found, live, (a, b) => store.isRejected(q, a, b));
            return { ref, version, fingerprint, changed: true, raised: r.raised, withdrawn: r.withdrawn };
          });
        } catch (err) {
          await restore(partnership, ref);
          throw err;
        }
      });
    },

    async withdraw(partnership, ref) {
      checkId('partnership', partnership);
      checkId('ref', ref);
      return exclusive(async () => {
        const result = await db.tx(async (q) => {
          const existed = await store.deleteEncoding(q, partnership, ref);
          let alertsWithdrawn = 0;
          for (const p of await store.livePairsOf(q, partnership, ref)) alertsWithdrawn += await withdrawLive(q, p, 'record withdrawn');
          await store.audit(q, { actor: partnership, action: 'encoding.withdrawn', partnership, ref, detail: { existed, alertsWithdrawn } });
          return { ref, withdrawn: existed, alertsWithdrawn };
        });
        index.remove(partnership, ref);
        fingerprints.delete(keyOf(partnership, ref));
        return result;
      });
    },

    async alerts(partnership) {
      checkId('partnership', partnership);
      const rows = await store.openAlertsOf(db, partnership);
      if (rows.length) await store.audit(db, { actor: partnership, action: 'alerts.listed', partnership, detail: { alerts: rows.map((r) => r.id) } });
      return rows.map(view);
    },

    async alert(partnership, id) {
      checkId('partnership', partnership);
      const row = await store.alertOf(db, partnership, String(id));
      if (!row) throw notFound();
      await store.audit(db, { actor: partnership, action: 'alert.read', partnership, ref: row.ref, alertId: row.id, otherPartnership: row.otherPartnership });
      return view(row);
    },

    async confirm(partnership, id, disclosure) {
      checkId('partnership', partnership);
      if (typeof disclosure !== 'string' || !disclosurePattern.test(disclosure)) {
        throw new TrackerError('invalid', 'The disclosure is missing or malformed.', { disclosure: 'the encrypted disclosure (base64url, at most 16 KB)' });
      }
      return exclusive(() =>
        db.tx(async (q) => {
          const row = await store.alertOf(q, partnership, String(id), true);
          if (!row) throw notFound();
          if (row.state === 'rejected') throw new TrackerError('conflict', 'This alert was rejected; it cannot be confirmed.');
          const again = row.state === 'confirmed';
          await store.confirmAlert(q, row.id, disclosure);
          await store.audit(q, {
            actor: partnership,
            action: 'alert.confirmed',
            partnership,
            ref: row.ref,
            alertId: row.id,
            otherPartnership: row.otherPartnership,
            detail: { again },
          });
          const other = await store.otherAlert(q, row.pairId, partnership);
          if (other.state === 'confirmed' && row.pairState === 'open') {
            await store.setPairState(q, row.pairId, 'confirmed');
            await store.audit(q, {
              actor: 'tracker',
              action: 'alert.mutual',
              partnership,
              ref: row.ref,
              alertId: row.id,
              otherPartnership: row.otherPartnership,
            });
            await store.audit(q, {
              actor: 'tracker',
              action: 'alert.mutual',
              partnership: other.partnership,
              ref: other.ref,
              alertId: other.id,
              otherPartnership: partnership,
            });
          }
          return view((await store.alertOf(q, partnership, row.id))!);
        }),
      );
    },

    async reject(partnership, id, reason) {
      checkId('partnership', partnership);
      const text = typeof reason === 'string' ? reason.trim() : '';
      if (!text || text.length > maxReasonLength) {
        throw new TrackerError('invalid', 'Give a reason for rejecting the alert.', { reason: `required, at most ${maxReasonLength} characters` });
      }
      return exclusive(() =>
        db.tx(async (q) => {
          const row = await store.alertOf(q, partnership, String(id), true);
          if (!row) throw notFound();
          if (row.state === 'rejected') return view(row);
          if (row.pairState === 'confirmed') throw new TrackerError('conflict', 'Both partnerships have confirmed this alert; it can no longer be rejected.');
          const pair = (await store.livePairsOf(q, row.partnership, row.ref)).find((p) => p.id === row.pairId)!;
          await store.rejectAlert(q, row.id, text);
          await store.setPairState(q, row.pairId, 'rejected');
          await store.addRejection(q, pair.a, pair.b, partnership, text);
          await store.audit(q, {
            actor: partnership,
            action: 'alert.rejected',
            partnership,
            ref: row.ref,
            alertId: row.id,
            otherPartnership: row.otherPartnership,
          });
          const other = await store.otherAlert(q, row.pairId, partnership);
          await store.withdrawAlert(q, other.id);
          await store.audit(q, {
            actor: 'tracker',
            action: 'alert.withdrawn',
            partnership: other.partnership,
            ref: other.ref,
            alertId: other.id,
            otherPartnership: partnership,
            detail: { reason: 'rejected by the other partnership' },
          });
          return view((await store.alertOf(q, partnership, row.id))!);
        }),
      );
    },

    async disclosure(partnership, id) {
      checkId('partnership', partnership);
      return db.tx(async (q) => {
        const row = await store.alertOf(q, partnership, String(id));
        if (!row) throw notFound();
        if (row.pairState !== 'confirmed')
          throw new TrackerError('conflict', 'Both partnerships must confirm the alert before either sees the other’s details.');
        const other = await store.otherAlert(q, row.pairId, partnership);
        await store.audit(q, {
          actor: partnership,
          action: 'disclosure.released',
          partnership,
          ref: row.ref,
          alertId: row.id,
          otherPartnership: row.otherPartnership,
        });
        return { alertId: row.id, otherPartnership: row.otherPartnership, disclosure: other.disclosure! };
      });
    },

    rematch(actor) {
      return exclusive(async () => {
        const started = performance.now();
        const records = await store.allEncodings(db);
        const { model, pairs: found } = engine.matchAll(records, await store.getModel(db), thresholds);
        load(model, records);
        const result = await db.tx(async (q) => {
          await store.saveModel(q, model, records.length);
          const rejections = await store.allRejections(q);
          const r = await reconcile(q, found, await store.allLivePairs(q), async (a, b) => rejections.has(store.rejectedKey(a, b)));
          return r;
        });
        const ms = Math.round(performance.now() - started);
        const out = { records: records.length, candidates: found.length, ...result, ms };
        await store.audit(db, { actor, action: 'match.full', detail: out });
        return out;
      });
    },
  };
}
