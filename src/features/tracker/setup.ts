import type { Db } from '../../db/client.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { createEncoder } from '../../domain/linkage/encode.ts';
import { httpTracker, inProcessTracker, type TrackerClient } from '../../tracker/client.ts';
import { createTrackerCore, type TrackerCore } from '../../tracker/core.ts';
import { disclosureKey } from '../../tracker/disclosure.ts';
import { linkageEngine } from '../../tracker/linkage-engine.ts';
import { TrackerUnavailableError } from '../../tracker/errors.ts';
import type { TrackerSettings } from '../../config.ts';
import type { TrackerDeps } from './service.ts';
import type { MailContext } from '../../platform/mail.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';

/**
 * The tracker in this process, made on first use (its index is read from the store then), through the same interface
 * as over HTTP. Its tables are the app database's (src/db/migrate.ts applies the tracker's migrations too).
 */
function lazyInProcessTracker(make: () => Promise<TrackerCore>): TrackerClient {
  let client: Promise<TrackerClient> | undefined;
  const get = () =>
    (client ??= make()
      .then(inProcessTracker)
      .catch((err: unknown) => {
        client = undefined;
        throw new TrackerUnavailableError(`The tracker could not start (${(err as Error).name}).`);
      }));
  return {
    submit: async (p, ref, e) => (await get()).submit(p, ref, e),
    withdraw: async (p, ref) => (await get()).withdraw(p, ref),
    alerts: async (p) => (await get()).alerts(p),
    alert: async (p, id) => (await get()).alert(p, id),
    confirm: async (p, id, d) => (await get()).confirm(p, id, d),
    reject: async (p, id, r) => (await get()).reject(p, id, r),
    disclosure: async (p, id) => (await get()).disclosure(p, id),
    rematch: async (p) => (await get()).rematch(p),
  };
}

/** What the tracker's service needs, from the configuration: the client (none when off), the encoder and keys, who takes part. */
export function trackerDeps(
  db: Db,
  settings: TrackerSettings,
  partnerships: Map<string, PartnershipConfig>,
  links: MailContext,
  calendar: HolidayCalendar,
  o: { client?: TrackerClient } = {},
): TrackerDeps {
  if (settings.mode === 'off') return { db, partnerships, links, calendar, hosted: new Set() };
  const key = settings.key;
  let client: TrackerClient;
  let hosted: Set<string>;
  if (settings.mode === 'in-process') {
    hosted = new Set(partnerships.keys());
    client = o.client ?? lazyInProcessTracker(() => createTrackerCore({ db, engine: linkageEngine(), thresholds: settings.thresholds }));
  } else {
    const tokens = new Map<string, string>(Object.entries(settings.tokens));
    if (settings.token) {
      const only = settings.partnership ?? (partnerships.size === 1 ? [...partnerships.keys()][0]! : undefined);
      if (!only)
        throw new Error(
          'Invalid configuration:\n  TRACKER_PARTNERSHIP: required with TRACKER_TOKEN when the deployment hosts several partnerships (the one the token speaks for)',
        );
      tokens.set(only, settings.token);
    }
    for (const p of tokens.keys()) {
      if (!partnerships.has(p)) throw new Error(`Invalid configuration:\n  TRACKER_TOKENS_FILE: ${p} is not a partnership of this deployment`);
    }
    hosted = new Set(tokens.keys());
    client = o.client ?? httpTracker(settings.url!, (p) => tokens.get(p) ?? '');
  }
  return { db, partnerships, links, calendar, hosted, client, encoder: createEncoder(key), disclosureKey: disclosureKey(key) };
}
