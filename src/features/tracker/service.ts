import type { Db, Queryable } from '../../db/client.ts';
import type { Actor } from '../../platform/actor.ts';
import { audit } from '../../platform/audit.ts';
import { enqueueMail, mailLink, type MailContext } from '../../platform/mail.ts';
import { paths } from '../../paths.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import type { Encoder } from '../../domain/linkage/encode.ts';
import { levelLabels } from '../../domain/linkage/compare.ts';
import type { TrackerAlert, TrackerClient } from '../../tracker/client.ts';
import { TrackerError } from '../../tracker/errors.ts';
import { enqueueTrackerSubmit, enqueueTrackerWithdraw, drainOutbox, outboxSignals, type DrainResult } from '../../tracker/outbox.ts';
import { openDisclosure, sealDisclosure, type Disclosure } from '../../tracker/disclosure.ts';
import { childIdentities, childIdsOf, childSummaries, type IdentityListener } from '../children/service.ts';
import { loadVisibleChild } from '../children/access.ts';
import { childHeader } from '../reviews/service.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import { trackerRepository, type LocalAlertRow } from './repository.ts';
import { pageOf } from '../../platform/pagination.ts';

/** Open alerts a page of the Tracker page shows (GOV.UK pagination, as the triage inbox and actions). */
export const TRACKER_PAGE_SIZE = 50;

/** What a coordinator has to do first: alerts to decide, then those waiting on the other partnership, then those both confirmed; strong before possible; newest first. */
const alertOrder = (a: LocalAlertRow) => (a.mutual ? 2 : a.state === 'confirmed' ? 1 : 0) * 2 + (a.level === 'strong' ? 0 : 1);
export function sortForPage<T extends LocalAlertRow>(alerts: readonly T[]): T[] {
  const at = (a: LocalAlertRow) => new Date(a.raised_at).getTime();
  return [...alerts].sort((a, b) => alertOrder(a) - alertOrder(b) || at(b) - at(a) || a.alert_id.localeCompare(b.alert_id));
}

/**
 * The app's side of the national tracker (issue 14, DOMAIN §4): encodings of the partnership's children queued in the
 * transaction that changes them and sent after it; the partnership's alerts fetched and told to its coordinators (by
 * email and on their home page); an alert confirmed or rejected; once both partnerships confirmed, what the other
 * disclosed (contact, risk level, lead agency) and a request for a transfer of information (DOMAIN §6). Every step is
 * audited as a disclosure. The tracker being down never blocks saving a child and never fails a page.
 */
export type TrackerDeps = {
  db: Db;
  /** None: the tracker is off (TRACKER_MODE=off). */
  client?: TrackerClient;
  encoder?: Encoder;
  /** The disclosure key (disclosureKey of the partnerships' shared key). */
  disclosureKey?: Buffer;
  partnerships: Map<string, PartnershipConfig>;
  /** Where email links point (PUBLIC_URL). */
  links: MailContext;
  /** The bank holidays (the identity bar's next dates on the alert pages). */
  calendar: HolidayCalendar;
  /** The partnerships of this deployment that take part (those with a token, over HTTP). */
  hosted: ReadonlySet<string>;
  log?: (entry: Record<string, unknown>) => void;
};

type AlertView = LocalAlertRow & { child: { id: string; reference: string; first_name: string; last_name: string }; otherName: string } & ComparedFields;

/** Why a page could not reach the tracker: shown plainly, never a 500. */
type Unavailable = { unavailable: true };

const fieldNames: Record<string, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  name_order: 'Name order',
  date_of_birth: 'Date of birth',
  gender: 'Gender',
  postcode: 'Postcode',
  nhs_number: 'NHS number',
  upn: 'Unique pupil number',
  alias: 'Alias or street name',
};
const fieldName = (f: string) => fieldNames[f] ?? f.replace(/[_-]/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** How the two records compared, for a coordinator: what agreed (strongest first) and what did not. */
export type ComparedFields = { agreeing: string[]; disagreeing: string[] };

/**
 * Splits an alert's compared fields into those that agreed ("Date of birth: exact") and those that did not ("Postcode:
 * different"), each strongest first. A field at its last level (different, none in common) did not agree; names in
 * the order recorded say nothing and are left out (a swap is shown, as agreeing).
 */
export function comparedFields(fields: TrackerAlert['fields']): ComparedFields {
  const sorted = [...fields].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  const label = (f: TrackerAlert['fields'][number]) => `${fieldName(f.field)}: ${f.level}`;
  const disagreed = (f: TrackerAlert['fields'][number]) => {
    if (f.field === 'name_order') return false;
    const levels = (levelLabels as Record<string, readonly string[] | undefined>)[f.field];
    return levels ? levels.at(-1) === f.level : f.weight < 0;
  };
  const shown = sorted.filter((f) => !(f.field === 'name_order' && f.level === levelLabels.name_order[0]));
  return { agreeing: shown.filter((f) => !disagreed(f)).map(label), disagreeing: shown.filter(disagreed).map(label) };
}

export function trackerService(deps: TrackerDeps) {
  const { db, client, encoder, partnerships, hosted, links, calendar } = deps;
  const repo = trackerRepository();
  const log = deps.log ?? ((e) => console.error(JSON.stringify({ at: new Date().toISOString(), ...e })));
  const on = (p: string) => !!client && hosted.has(p);
  const nameOf = (id: string) => partnerships.get(id)?.name ?? id;
  let draining: Promise<DrainResult | undefined> | undefined;

  async function drain(): Promise<DrainResult | undefined> {
    if (!client) return undefined;
    // One drain at a time in this process; a second call waits for the one running.
    draining ??= drainOutbox(db, client)
      .catch((err: Error) => {
        log({ level: 'error', event: 'tracker.drain-failed', name: err.name });
        return undefined;
      })
      .finally(() => {
        draining = undefined;
      });
    return draining;
  }

  /** Drains until nothing more is due (a backfill queues thousands; one drain sends at most 100), or the tracker is down. */
  async function drainAll(): Promise<DrainResult | undefined> {
    const total: DrainResult = { sent: 0, failed: 0, unavailable: false };
    for (let i = 0; i < 10_000; i++) {
      const r = await drain();
      if (!r) return i ? total : undefined;
      total.sent += r.sent;
      total.failed += r.failed;
      total.unavailable = r.unavailable;
      if (r.unavailable || r.sent + r.failed === 0) break;
    }
    return total;
  }

  /** Queues the encoding of every open child of the partnership not yet sent (nor queued): those saved before the tracker was on. */
  async function backfill(partnershipId: string): Promise<number> {
    return db.tx(async (q) => {
      const known = await repo.sentOrQueued(q, partnershipId);
      const missing = (await childIdsOf(q, partnershipId)).filter((id) => !known.has(id));
      await identity.changed(q, partnershipId, missing);
      return missing.length;
    });
  }

  /**
   * Told by the children service: `changed` queues the children's encodings in the transaction that changes them
   * (closed records are never sent: childIdentities leaves them out); `withdrawn` queues their withdrawal when records
   * are closed or erased, and closes their alerts on this side at once (the tracker withdraws the other side's).
   */
  const identity: IdentityListener = {
    async changed(q, partnershipId, childIds) {
      if (!on(partnershipId) || !encoder || !childIds.length) return;
      const rows = await childIdentities(q, partnershipId, childIds);
      if (rows.length === 1) await enqueueTrackerSubmit(q, partnershipId, rows[0]!.id, encoder.encode(rows[0]!.identity));
      else if (rows.length)
        await repo.enqueueSubmits(
          q,
          partnershipId,
          rows.map((r) => ({ ref: r.id, encoding: encoder.encode(r.identity) })),
        );
    },
    async withdrawn(q, partnershipId, childIds) {
      if (!on(partnershipId) || !childIds.length) return;
      for (const id of childIds) await enqueueTrackerWithdraw(q, partnershipId, id);
      for (const a of await repo.withdrawChildren(q, partnershipId, childIds)) {
        await audit(
          q,
          { partnershipId },
          {
            action: 'tracker.alert.withdrawn',
            subjectType: 'tracker_alert',
            subjectId: a.alert_id,
            childId: a.child_id,
            details: { otherPartnership: a.other_partnership, because: 'this partnership closed or erased the record' },
          },
        );
      }
    },
    committed() {
      if (client) void drain();
    },
  };

  function coordinatorsMail(q: Queryable, p: PartnershipConfig, rows: readonly (LocalAlertRow & { reference: string })[]) {
    const one = rows.length === 1;
    return enqueueMail(q, {
      partnershipId: p.id,
      to: p.coordinatorsInbox,
      subject: one ? `National tracker: a ${rows[0]!.level} match for ${rows[0]!.reference}` : `National tracker: ${rows.length} new matches`,
      body: [
        one
          ? 'The national tracker has found a child you hold who may also be known to another partnership:'
          : 'The national tracker has found children you hold who may also be known to other partnerships:',
        '',
        ...rows.map((r) => `- ${r.reference}: a ${r.level} match in ${nameOf(r.other_partnership)}. ${mailLink(links, paths.tracker.alert(r.alert_id))}`),
        '',
        'Neither partnership sees the other’s record until both coordinators confirm the match.',
        `Your open alerts: ${mailLink(links, paths.tracker.index())}`,
        '',
        'This is an automatic message from MACE. Sign in to see the details.',
        '',
        p.marking.text,
      ].join('\n'),
    });
  }

  /**
   * Fetches the partnership's open alerts from the tracker and brings the app's record in line: a NEW alert is told
   * to the coordinators (one email, the child's reference only) and audited as raised; one both sides have now
   * confirmed is audited as mutual. Throws TrackerError when the tracker cannot be reached.
   */
  async function refresh(partnershipId: string): Promise<{ added: number; withdrawn: number }> {
    const p = partnerships.get(partnershipId);
    if (!p || !client || !on(partnershipId)) return { added: 0, withdrawn: 0 };
    const alerts = await client.alerts(partnershipId);
    return db.tx(async (q) => {
      const r = await repo.replaceAll(q, partnershipId, alerts, nameOf);
      const fresh = r.added.filter((a) => !a.notified_at);
      if (fresh.length) {
        const refs = new Map(
          (
            await childSummaries(
              q,
              partnershipId,
              fresh.map((a) => a.child_id),
            )
          ).map((c) => [c.id, c.reference]),
        );
        await coordinatorsMail(
          q,
          p,
          fresh.map((a) => ({ ...a, reference: refs.get(a.child_id) ?? 'a child' })),
        );
        await repo.markNotified(
          q,
          partnershipId,
          fresh.map((a) => a.alert_id),
        );
        for (const a of fresh) {
          await audit(
            q,
            { partnershipId },
            {
              action: 'tracker.alert.raised',
              subjectType: 'tracker_alert',
              subjectId: a.alert_id,
              childId: a.child_id,
              details: { otherPartnership: a.other_partnership, level: a.level, told: p.coordinatorsInbox },
            },
          );
        }
      }
      for (const a of r.nowMutual) {
        await audit(
          q,
          { partnershipId },
          {
            action: 'tracker.alert.mutual',
            subjectType: 'tracker_alert',
            subjectId: a.alert_id,
            childId: a.child_id,
            details: { otherPartnership: a.other_partnership },
          },
        );
      }
      // The tracker no longer lists it: this side learns that it was withdrawn, and nothing more (not why).
      for (const a of r.withdrawn) {
        await audit(
          q,
          { partnershipId },
          {
            action: 'tracker.alert.withdrawn',
            subjectType: 'tracker_alert',
            subjectId: a.alert_id,
            childId: a.child_id,
            details: { otherPartnership: a.other_partnership },
          },
        );
      }
      return { added: fresh.length, withdrawn: r.withdrawn.length };
    });
  }

  /** The alert this side holds, with its child visible to the actor; undefined (audited) otherwise. */
  async function ownAlert(q: Queryable, actor: Actor, alert: TrackerAlert, action: string) {
    return loadVisibleChild(q, actor, alert.ref, action);
  }

  async function disclosureFor(q: Queryable, p: PartnershipConfig, childId: string): Promise<Disclosure> {
    const [child] = await childSummaries(q, p.id, [childId]);
    const header = await childHeader(q, p, childId, calendar);
    const agency = child?.lead_professional_agency_id ? (p.agencies.find((a) => a.id === child.lead_professional_agency_id)?.name ?? null) : null;
    return { partnership: p.id, contact: { ...(p.tracker?.contact ?? { email: p.coordinatorsInbox }) }, riskLevel: header?.level ?? null, leadAgency: agency };
  }

  const isUnavailable = (err: unknown) => err instanceof TrackerError && err.retryable;

  /** An alert withdrawn since it was raised, as this side knows it: the coordinators are told that, and nothing more. */
  async function withdrawnView(actor: Actor, alertId: string) {
    return db.tx(async (q) => {
      const row = await repo.find(q, actor.partnershipId, alertId);
      if (!row?.withdrawn_at) return undefined;
      const child = await loadVisibleChild(q, actor, row.child_id, 'tracker.alert.view');
      if (!child) return undefined;
      await audit(q, actor, {
        action: 'tracker.alert.view',
        subjectType: 'tracker_alert',
        subjectId: alertId,
        childId: child.id,
        details: { otherPartnership: row.other_partnership, withdrawn: true },
      });
      return { withdrawn: { at: row.withdrawn_at, raisedAt: row.raised_at, otherName: nameOf(row.other_partnership) }, child };
    });
  }

  return {
    identity,
    drain,
    refresh,
    /** Whether the partnership takes part (the tracker is on and the deployment may speak for it). */
    enabled: (partnershipId: string) => on(partnershipId),

    /** Every hosted partnership's alerts (the job): returns how many were new. A partnership the tracker refuses is logged. */
    async refreshAll(): Promise<{ added: number; unavailable: boolean }> {
      let added = 0;
      for (const id of hosted) {
        try {
          added += (await refresh(id)).added;
        } catch (err) {
          if (isUnavailable(err)) return { added, unavailable: true };
          log({ level: 'error', event: 'tracker.refresh-failed', partnership: id, code: err instanceof TrackerError ? err.code : 'unexpected' });
        }
      }
      return { added, unavailable: false };
    },

    /**
     * The partnership's alerts (refreshed now when the tracker answers), audited as read: for the Tracker page (`page`)
     * one page of the open ones in the order a coordinator works through them, the withdrawn ones on the first page, the
     * ones known when the tracker last answered if it does not; for the API (`api`) every open one, newest first, and
     * nothing (nor any audit) when the tracker does not answer, as the API then shows nothing. Only the children shown
     * are audited as shown.
     */
    async list(
      actor: Actor,
      o: { page?: number; api?: boolean } = {},
    ): Promise<{
      alerts: AlertView[];
      withdrawn: AlertView[];
      unavailable: boolean;
      enabled: boolean;
      total: number;
      toDecide: number;
      page: number;
      pages: number;
    }> {
      const enabled = on(actor.partnershipId);
      let unavailable = false;
      if (enabled) {
        try {
          await refresh(actor.partnershipId);
        } catch (err) {
          if (!(err instanceof TrackerError)) throw err;
          unavailable = true;
        }
      }
      if (o.api && unavailable) return { alerts: [], withdrawn: [], unavailable, enabled, total: 0, toDecide: 0, page: 1, pages: 1 };
      return db.tx(async (q) => {
        const rows = await repo.list(q, actor.partnershipId);
        const children = new Map(
          (
            await childSummaries(
              q,
              actor.partnershipId,
              rows.map((r) => r.child_id),
            )
          ).map((c) => [c.id, c]),
        );
        const views = rows
          .filter((r) => children.has(r.child_id))
          .map((r) => ({ ...r, child: children.get(r.child_id)!, otherName: nameOf(r.other_partnership), ...comparedFields(r.fields) }));
        const open = views.filter((a) => !a.withdrawn_at);
        const toDecide = open.filter((a) => !a.mutual && a.state !== 'confirmed').length;
        let alerts = open;
        let withdrawn = o.api ? [] : views.filter((a) => a.withdrawn_at);
        let paged = { page: 1, pages: 1 };
        if (o.page !== undefined) {
          const at = pageOf(o.page, open.length, TRACKER_PAGE_SIZE);
          paged = at;
          alerts = sortForPage(open).slice(at.offset, at.offset + TRACKER_PAGE_SIZE);
          if (at.page > 1) withdrawn = [];
        }
        await repo.auditShown(
          q,
          actor,
          {
            action: 'tracker.alerts.read',
            subjectType: 'tracker_alerts',
            details: {
              shown: alerts.length,
              open: alerts.length < open.length ? open.length : undefined,
              page: paged.pages > 1 ? paged.page : undefined,
              withdrawn: withdrawn.length || undefined,
              unavailable: unavailable || undefined,
            },
          },
          [...alerts, ...withdrawn].map((a) => a.child_id),
        );
        return { alerts, withdrawn, unavailable, enabled, total: open.length, toDecide, ...paged };
      });
    },

    /**
     * One alert of the actor's partnership, with what the other side disclosed once both confirmed. Undefined: no
     * such alert for this partnership (unknown, withdrawn, another's). The tracker down: { unavailable }.
     */
    async alert(actor: Actor, alertId: string) {
      if (!on(actor.partnershipId)) return undefined;
      const p = partnerships.get(actor.partnershipId)!;
      // Withdrawn here (this side closed the child) though the tracker may not have been told yet.
      const here = await withdrawnView(actor, alertId);
      if (here) return here;
      let alert: TrackerAlert;
      let other: Disclosure | undefined;
      let disclosureProblem = false;
      try {
        alert = await client!.alert(actor.partnershipId, alertId);
        if (alert.mutual) {
          try {
            const d = await client!.disclosure(actor.partnershipId, alertId);
            other = openDisclosure(deps.disclosureKey!, d.disclosure);
            if (other.partnership !== alert.otherPartnership) throw new Error('the disclosure names another partnership');
          } catch (err) {
            if (isUnavailable(err)) throw err;
            other = undefined;
            disclosureProblem = true;
          }
        }
      } catch (err) {
        if (err instanceof TrackerError && err.code === 'not-found') {
          const gone = await withdrawnView(actor, alertId);
          if (gone) return gone;
          await audit(db, actor, {
            action: 'tracker.alert.view',
            outcome: 'denied',
            subjectType: 'tracker_alert',
            subjectId: alertId,
            details: { reason: 'no such alert' },
          });
          return undefined;
        }
        if (err instanceof TrackerError) return { unavailable: true } as Unavailable;
        throw err;
      }
      return db.tx(async (q) => {
        const child = await ownAlert(q, actor, alert, 'tracker.alert.view');
        if (!child) return undefined;
        await repo.upsertOne(q, actor.partnershipId, alert, nameOf(alert.otherPartnership));
        await audit(q, actor, {
          action: 'tracker.alert.view',
          subjectType: 'tracker_alert',
          subjectId: alert.id,
          childId: child.id,
          details: { otherPartnership: alert.otherPartnership, disclosed: !!other },
        });
        return {
          alert,
          child,
          risk: await childHeader(q, p, child.id, calendar),
          otherName: nameOf(alert.otherPartnership),
          ...comparedFields(alert.fields),
          other,
          disclosureProblem,
        };
      });
    },

    /**
     * Confirms (sending this side's sealed disclosure: its contact, the child's risk level and lead agency) or rejects
     * (with a reason) this side of an alert. Confirming twice is harmless. Undefined: no such alert here.
     */
    async decide(
      actor: Actor,
      alertId: string,
      d: { decision: 'confirm' | 'reject'; reason?: string },
    ): Promise<TrackerAlert | Unavailable | { conflict: string } | undefined> {
      if (!on(actor.partnershipId)) return undefined;
      const p = partnerships.get(actor.partnershipId)!;
      if ((await repo.find(db, actor.partnershipId, alertId))?.withdrawn_at) return undefined;
      try {
        const alert = await client!.alert(actor.partnershipId, alertId);
        const child = await db.tx((q) => ownAlert(q, actor, alert, `tracker.alert.${d.decision}`));
        if (!child) return undefined;
        let out: TrackerAlert;
        if (d.decision === 'confirm') {
          const sealed = sealDisclosure(deps.disclosureKey!, await db.tx((q) => disclosureFor(q, p, child.id)));
          out = await client!.confirm(actor.partnershipId, alertId, sealed);
        } else {
          out = await client!.reject(actor.partnershipId, alertId, d.reason ?? '');
        }
        await db.tx(async (q) => {
          await repo.upsertOne(q, actor.partnershipId, out, nameOf(out.otherPartnership));
          await audit(q, actor, {
            action: `tracker.alert.${d.decision}`,
            subjectType: 'tracker_alert',
            subjectId: alertId,
            childId: child.id,
            details: {
              otherPartnership: out.otherPartnership,
              mutual: out.mutual,
              disclosed: d.decision === 'confirm' ? ['contact', 'riskLevel', 'leadAgency'] : undefined,
            },
          });
        });
        return out;
      } catch (err) {
        if (err instanceof TrackerError && err.code === 'not-found') {
          await audit(db, actor, {
            action: `tracker.alert.${d.decision}`,
            outcome: 'denied',
            subjectType: 'tracker_alert',
            subjectId: alertId,
            details: { reason: 'no such alert' },
          });
          return undefined;
        }
        if (err instanceof TrackerError && err.code === 'conflict') return { conflict: err.message };
        if (err instanceof TrackerError && err.code === 'invalid') return { conflict: err.message };
        if (err instanceof TrackerError) return { unavailable: true };
        throw err;
      }
    },

    /**
     * DOMAIN §6: asks the other partnership, both having confirmed, for a transfer of information about the child: an
     * email to the contact they disclosed (the child's reference here, never a name), audited as a disclosure.
     */
    async requestTransfer(actor: Actor, alertId: string, note: string): Promise<{ ok: true; to: string } | Unavailable | { conflict: string } | undefined> {
      const page = await this.alert(actor, alertId);
      if (!page || 'withdrawn' in page) return undefined;
      if ('unavailable' in page) return page;
      if (!page.alert.mutual || !page.other) return { conflict: 'Both partnerships must confirm the match first.' };
      const to = page.other.contact.email;
      if (!to)
        return {
          conflict: `${page.otherName} gave no email address; contact them by ${page.other.contact.phone ? `phone on ${page.other.contact.phone}` : 'the details shown'}.`,
        };
      const p = partnerships.get(actor.partnershipId)!;
      const mine = p.tracker?.contact ?? { email: p.coordinatorsInbox };
      await db.tx(async (q) => {
        await enqueueMail(q, {
          partnershipId: p.id,
          to,
          subject: `Request for a transfer of information from ${p.name} (national tracker)`,
          body: [
            `${p.name} asks ${page.otherName} for a transfer of information about a child both partnerships hold, confirmed by both through the national tracker.`,
            '',
            `Our reference for the child: ${page.child.reference}.`,
            ...(note ? ['', `From ${actor.displayName}: ${note}`] : []),
            '',
            `Reply to: ${[mine.name, mine.role, mine.email, mine.phone].filter(Boolean).join(', ')}`,
            '',
            'Send the information by secure email only.',
            '',
            p.marking.text,
          ].join('\n'),
        });
        await audit(q, actor, {
          action: 'tracker.transfer.request',
          subjectType: 'tracker_alert',
          subjectId: alertId,
          childId: page.child.id,
          details: { otherPartnership: page.alert.otherPartnership, to },
        });
      });
      return { ok: true, to };
    },

    /** An administrator's full re-match now (the job runs it nightly). */
    async rematch(actor: Actor) {
      if (!on(actor.partnershipId)) return undefined;
      try {
        // Every open child of the partnership is encoded and sent first, so children saved before the tracker was on
        // (or whose encoding was lost) are matched too; the tracker keeps an unchanged encoding as it is.
        await db.tx(async (q) => identity.changed(q, actor.partnershipId, await childIdsOf(q, actor.partnershipId)));
        await drainAll();
        const r = await client!.rematch(actor.partnershipId);
        await audit(db, actor, { action: 'tracker.match', subjectType: 'tracker', details: { ...r } });
        return r;
      } catch (err) {
        if (err instanceof TrackerError) return { unavailable: true } as Unavailable;
        throw err;
      }
    },

    /**
     * The nightly full re-match (the job), asked by the first hosted partnership; undefined when the tracker is off.
     * First the backfill, as the administrator's re-match: every open child of each hosted partnership not yet sent to
     * the tracker (saved before it was on, or before this deployment took part) is encoded and sent; if the tracker
     * cannot take them all now, the re-match waits for the next run.
     */
    async rematchJob(): Promise<Record<string, unknown> | undefined> {
      const first = [...hosted][0];
      if (!client || !first) return undefined;
      try {
        let backfilled = 0;
        for (const p of hosted) backfilled += await backfill(p);
        const sent = await drainAll();
        if (sent?.unavailable) return { unavailable: true, backfilled };
        const r = await client.rematch(first);
        await audit(db, { partnershipId: first }, { action: 'tracker.match', subjectType: 'tracker', details: { ...r, backfilled, by: 'job' } });
        return { ...r, backfilled };
      } catch (err) {
        if (isUnavailable(err)) return { unavailable: true };
        throw err;
      }
    },

    /** The coordinators' home-page notice: alerts not yet decided (as last fetched). */
    async undecided(partnershipId: string): Promise<number> {
      if (!on(partnershipId)) return 0;
      return repo.undecidedCount(db, partnershipId);
    },

    /** The API's list: nothing of the other record. */
    apiView(a: LocalAlertRow | TrackerAlert) {
      const isLocal = 'alert_id' in a;
      return isLocal
        ? {
            id: a.alert_id,
            childId: a.child_id,
            otherPartnership: a.other_partnership,
            strength: a.level,
            probability: a.probability,
            fields: agreeingFieldIds(a.fields),
            state: a.state,
            mutual: a.mutual,
            raisedAt: a.raised_at.toISOString(),
          }
        : {
            id: a.id,
            childId: a.ref,
            otherPartnership: a.otherPartnership,
            strength: a.level,
            probability: a.probability,
            fields: agreeingFieldIds(a.fields),
            state: a.state,
            mutual: a.mutual,
            raisedAt: a.raisedAt,
          };
    },
  };
}

const agreeingFieldIds = (fields: TrackerAlert['fields']) => fields.map((f) => ({ field: f.field, level: f.level, weight: f.weight }));

export type TrackerService = ReturnType<typeof trackerService>;

/** Issue 17 item 6: the app's queue to the tracker, for the metrics (counts and the oldest entry's age). */
export function trackerQueueSignals(q: Queryable) {
  return outboxSignals(q);
}
