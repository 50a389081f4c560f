/**
 * Issue #7: the report scenarios of `npm run bench` (report-bi-monthly, report-bi-monthly-district, report-form,
 * report-monthly, report-rotherham, report-dashboard), each signed in as the partnership's analyst (a police
 * analyst, so the police figures are counted too) over the data of report-data.ts. Kept apart from run.ts, which
 * only calls these functions.
 */
import { openDb } from '../src/db/client.ts';
import { loadPartnerships } from '../src/partnerships/index.ts';
import { lastTwoMonths, lastCalendarMonth, formPeriod, nextFortnightly } from '../src/domain/reports/period.ts';
import { todayIso } from '../src/platform/dates.ts';
import { generateReportData } from './report-data.ts';
import { BENCH_PASSWORD } from './generate.ts';

/** Issue #7: each report p95 ≤ 500 ms at 10,000 children and 1,000,000 events. */
export const reportTargets: Record<string, number> = {
  'report-bi-monthly': 500,
  'report-bi-monthly-district': 500,
  'report-form': 500,
  'report-monthly': 500,
  'report-rotherham': 500,
};

/** Loads the report data into each partnership of a generated database (children up to N, E events each). */
export async function generateAllReportData(
  where: string | { databaseUrl: string },
  children: number,
  events: number,
  log: (s: string) => void,
): Promise<number> {
  const t0 = performance.now();
  const db = await openDb(typeof where === 'string' ? { dataDir: where } : where);
  try {
    for (const p of loadPartnerships().values()) {
      log(`  report data for ${p.id}: ${children.toLocaleString('en-GB')} children, ${events.toLocaleString('en-GB')} events…`);
      const r = await generateReportData(db, p, { children, events, log });
      log(`    ${r.children} children, ${r.events.toLocaleString('en-GB')} events in ${r.ms} ms`);
    }
    await db.query('CHECKPOINT');
  } finally {
    await db.close();
  }
  return Math.round(performance.now() - t0);
}

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string; ms: number };
type Tools = {
  port: number;
  send: (port: number, method: string, urlPath: string, opts?: { cookie?: string; form?: Record<string, string> }) => Promise<Reply>;
  cookiesFrom: (reply: Reply) => Record<string, string>;
  csrfFrom: (html: string) => string;
  expect: (reply: Reply, status: number, what: string) => void;
  requests: number;
  warmup: number;
};
type Scenario = { name: string; produces: string[]; requests: number; warmup: number; step: (measured: boolean) => Promise<Record<string, number>> };

export async function reportScenarios(t: Tools): Promise<Scenario[]> {
  const signIn = async (partnership: string) => {
    const page = await t.send(t.port, 'GET', '/sign-in');
    t.expect(page, 200, 'GET /sign-in');
    const pre = t.cookiesFrom(page).mace_pre;
    const res = await t.send(t.port, 'POST', '/sign-in', {
      cookie: `mace_pre=${pre}`,
      form: { _csrf: t.csrfFrom(page.body), email: `analyst@${partnership}.example.org`, password: BENCH_PASSWORD },
    });
    t.expect(res, 303, `sign in as analyst@${partnership}`);
    return `mace_pre=${pre}; mace_session=${t.cookiesFrom(res).mace_session}`;
  };
  const ps = loadPartnerships();
  const today = todayIso();
  const staffs = await signIn('staffordshire');
  const llr = await signIn('llr');
  const roth = await signIn('rotherham');
  const q = (p: { from: string; to: string }, extra = '') => `from=${p.from}&to=${p.to}&mode=all${extra}`;
  const form = formPeriod(nextFortnightly(ps.get('llr')!.meetingTypes.find((m) => m.id === 'form')?.firstDate ?? today, today));
  const get = (name: string, cookie: string, url: string, mustShow: string): Scenario => ({
    name,
    produces: [name],
    requests: t.requests,
    warmup: t.warmup,
    step: async () => {
      const r = await t.send(t.port, 'GET', url, { cookie });
      t.expect(r, 200, `GET ${url}`);
      if (!r.body.includes(mustShow)) throw new Error(`${url} does not show "${mustShow}"`);
      return { [name]: r.ms };
    },
  });
  return [
    get('report-bi-monthly', staffs, `/reports/bi-monthly?${q(lastTwoMonths(today))}`, 'Children discussed by risk level and type'),
    get('report-bi-monthly-district', staffs, `/reports/bi-monthly?${q(lastTwoMonths(today), '&district=tamworth')}`, 'Tamworth'),
    get('report-form', llr, `/reports/form?${q(form)}`, 'Persons of concern linked to high-risk children'),
    get('report-monthly', llr, `/reports/monthly?${q(lastCalendarMonth(today))}`, 'Open investigations by authority and kind'),
    get('report-rotherham', roth, `/reports/rotherham?${q(lastCalendarMonth(today))}`, 'Children by VAT band and type'),
    get('report-dashboard', staffs, '/reports', 'Analyst dashboard'),
  ];
}
