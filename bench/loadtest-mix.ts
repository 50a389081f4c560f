/**
 * Issue 17 item 3: the load test's mix — a busy hour of MACE, as signed-in users ask for it — driven by autocannon.
 * `npm run loadtest` (bench/loadtest.ts) starts the server and measures; this module signs the sessions in, reads what
 * there is to ask for, and runs the mix against a port for a while, returning each kind's latencies and errors.
 *
 * The mix, in operations (each one or two requests):
 *   child page 37 %, search 18 % (the POSTed search, then the results page), network at depth 2 10 %, the actions list
 *   12 %, the triage inbox 8 %, reviews due 8 %, a report 3 %, and writes 4 %: a child edit 1.5 % and an action update
 *   1.5 % (each reads its form first, so it saves the version it read: a stale save is refused with 409, which would
 *   count as an error), a child concern 1 % (LLR's practitioners; the other partnerships record none).
 * Each operation goes to a session whose role may do it (the route's permission, by `can`), of one of the configured
 * partnerships, so need-to-know applies as it does to users (a responder's actions list shows their agency's actions).
 * A connection edits only its own share of the children and actions, so two connections never save the same record.
 */
import type { Client, Request } from 'autocannon';
import type { Queryable } from '../src/db/client.ts';
import { can, type Permission } from '../src/platform/roles.ts';
import type { PartnershipConfig } from '../src/partnerships/index.ts';
import { lastTwoMonths, lastCalendarMonth, formPeriod, nextFortnightly } from '../src/domain/reports/period.ts';
import { todayIso } from '../src/platform/dates.ts';
import { rng } from './generate.ts';

export type Op = 'child-page' | 'search' | 'network' | 'actions' | 'triage' | 'reviews' | 'report' | 'child-edit' | 'action-update' | 'concern';
/** A kind of request, as reported: an operation's requests (a write's form and its save are apart). */
export type Kind = Op | 'search-results' | 'child-edit-form' | 'action-form';

/** The share of each operation in the mix (per cent of operations) and the permission its requests need. */
export const MIX: Record<Op, { weight: number; permission: Permission; partnerships?: (p: PartnershipConfig) => boolean }> = {
  'child-page': { weight: 37, permission: 'child:read' },
  search: { weight: 18, permission: 'child:search' },
  network: { weight: 10, permission: 'intel:read' },
  actions: { weight: 12, permission: 'action:read' },
  triage: { weight: 8, permission: 'triage:manage' },
  reviews: { weight: 8, permission: 'review:read' },
  report: { weight: 3, permission: 'report:read', partnerships: (p) => p.reports.length > 0 },
  'child-edit': { weight: 1.5, permission: 'child:update' },
  'action-update': { weight: 1.5, permission: 'action:manage' },
  concern: { weight: 1, permission: 'concern:create', partnerships: (p) => p.assessmentTools.includes('thrive') },
};
export const WRITES: readonly Op[] = ['child-edit', 'action-update', 'concern'];
/** The roles signed in, in each partnership (an admin, who reads no child, asks for none of the mix). */
export const LOAD_ROLES = ['practitioner', 'coordinator', 'administrator', 'chair', 'responder', 'analyst'] as const;

export type Session = { partnership: string; role: string; cookie: string; csrf: string };
export type Targets = {
  children: { id: string; first_name: string; last_name: string }[];
  actions: string[];
  report?: string;
};

// ------------------------------------------------------------------------------------------------------ HTTP

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** One request to 127.0.0.1 (sign-in and the checks before the run; the run itself is autocannon's). */
export async function request(port: number, method: string, path: string, opts: { cookie?: string; form?: Record<string, string> } = {}): Promise<Reply> {
  const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      accept: 'text/html',
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body,
  });
  const headers: Reply['headers'] = Object.fromEntries(res.headers);
  headers['set-cookie'] = res.headers.getSetCookie();
  return { status: res.status, headers, body: await res.text() };
}

function cookiesOf(reply: Reply): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of (reply.headers['set-cookie'] as string[] | undefined) ?? []) {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    out[pair!.slice(0, i).trim()] = pair!.slice(i + 1).trim();
  }
  return out;
}

export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /data-csrf="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1]!;
}

/** Signs in as a browser does (the sign-in page's CSRF cookie and token, then the form); the session's cookie and token. */
export async function signIn(port: number, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const page = await request(port, 'GET', '/sign-in');
  if (page.status !== 200) throw new Error(`GET /sign-in: ${page.status}`);
  const pre = cookiesOf(page).mace_pre;
  const res = await request(port, 'POST', '/sign-in', { cookie: `mace_pre=${pre}`, form: { _csrf: csrfOf(page.body), email, password } });
  if (res.status !== 303) throw new Error(`signing in as ${email}: ${res.status}`);
  const session = cookiesOf(res).mace_session;
  if (!session) throw new Error(`signing in as ${email}: no session cookie`);
  const cookie = `mace_pre=${pre}; mace_session=${session}`;
  const account = await request(port, 'GET', '/account', { cookie });
  if (account.status !== 200) throw new Error(`GET /account as ${email}: ${account.status}`);
  return { cookie, csrf: csrfOf(account.body) };
}

// ----------------------------------------------------------------------------------------------------- forms

const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    return String.fromCodePoint(k.startsWith('#x') ? Number.parseInt(k.slice(2), 16) : Number.parseInt(k.slice(1), 10));
  });
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m ? decode(m[1]!) : undefined;
};

/**
 * The fields a browser would send from the form posting to `action` on the page: inputs (checkboxes and radios when
 * checked), selects (the selected option, or the first) and textareas, in document order. Undefined when there is no such form.
 */
export function formFields(html: string, action: string): [string, string][] | undefined {
  const forms = html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi);
  for (const [form] of forms) {
    const open = /<form\b[^>]*>/i.exec(form)![0];
    if (attr(open, 'action') !== action) continue;
    const out: [string, string][] = [];
    for (const m of form.matchAll(/<input\b[^>]*>|<select\b[^>]*>[\s\S]*?<\/select>|<textarea\b[^>]*>[\s\S]*?<\/textarea>/gi)) {
      const el = m[0];
      const tag = /^<[a-z]+\b[^>]*>/i.exec(el)![0];
      const name = attr(tag, 'name');
      if (!name || /\sdisabled(\s|=|>)/i.test(tag)) continue;
      if (/^<input/i.test(el)) {
        const type = (attr(tag, 'type') ?? 'text').toLowerCase();
        if (['submit', 'button', 'image', 'file', 'reset'].includes(type)) continue;
        if ((type === 'checkbox' || type === 'radio') && !/\schecked(\s|=|>|\/)/i.test(tag)) continue;
        out.push([name, attr(tag, 'value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '')]);
      } else if (/^<select/i.test(el)) {
        const options = [...el.matchAll(/<option\b[^>]*>([\s\S]*?)<\/option>/gi)];
        const chosen = options.find((o) => /\sselected(\s|=|>)/i.test(/^<option\b[^>]*>/i.exec(o[0])![0])) ?? options[0];
        if (chosen) out.push([name, attr(/^<option\b[^>]*>/i.exec(chosen[0])![0], 'value') ?? decode(chosen[1]!.trim())]);
      } else {
        // A textarea's first newline after the tag is not part of its value (HTML).
        out.push([name, decode(/^<textarea\b[^>]*>([\s\S]*?)<\/textarea>$/i.exec(el)![1]!.replace(/^\r?\n/, ''))]);
      }
    }
    return out;
  }
  return undefined;
}

/** The form with one field set (added when missing), urlencoded. */
export function withField(fields: [string, string][], name: string, value: string): string {
  const out = fields.map(([k, v]): [string, string] => [k, k === name ? value : v]);
  if (!out.some(([k]) => k === name)) out.push([name, value]);
  return new URLSearchParams(out).toString();
}

// ---------------------------------------------------------------------------------------------------- targets

/** A report each partnership has, over its usual period (as the report bench asks for it). */
export function reportPath(p: PartnershipConfig, today = todayIso()): string | undefined {
  const kind = p.reports[0];
  if (!kind) return undefined;
  const period =
    kind === 'bi-monthly'
      ? lastTwoMonths(today)
      : kind === 'form'
        ? formPeriod(nextFortnightly(p.meetingTypes.find((m) => m.id === 'form')?.firstDate ?? today, today))
        : lastCalendarMonth(today);
  return `/reports/${kind}?from=${period.from}&to=${period.to}&mode=all`;
}

/** What each partnership's sessions ask for: a random sample of its open children, its open actions, its report. */
export async function loadTargets(q: Queryable, partnerships: Map<string, PartnershipConfig>, sample = 2000): Promise<Map<string, Targets>> {
  const out = new Map<string, Targets>();
  for (const p of partnerships.values()) {
    const children = await q.query<{ id: string; first_name: string; last_name: string }>(
      `SELECT id::text, first_name, last_name FROM children WHERE partnership_id = $1 AND closed_at IS NULL ORDER BY md5(id::text) LIMIT $2`,
      [p.id, sample],
    );
    const actions = await q.query<{ id: string }>(
      `SELECT id::text FROM actions WHERE partnership_id = $1 AND status IN ('open', 'in-progress') ORDER BY md5(id::text) LIMIT $2`,
      [p.id, Math.ceil(sample / 4)],
    );
    out.set(p.id, { children, actions: actions.map((a) => a.id), report: reportPath(p) });
  }
  return out;
}

// -------------------------------------------------------------------------------------------------------- run

type Step = { kind: Kind; method: 'GET' | 'POST'; path: string; session: Session; body?: string; expect: number; then?: (body: string) => Step | undefined };

/** Swaps two neighbouring letters after the first (a slip in typing), as the bench's fuzzy search does. */
function misspell(word: string, r: ReturnType<typeof rng>): string {
  if (word.length < 4) return word;
  const i = 1 + r.int(word.length - 2);
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
}

export type MixOptions = {
  port: number;
  sessions: Session[];
  targets: Map<string, Targets>;
  partnerships: Map<string, PartnershipConfig>;
  connections: number;
  /** Seconds. */
  duration: number;
  /**
   * Stop after this many requests instead (duration is then ignored): the tests, where a busy machine answers fewer
   * requests in a given time and the kinds asked for must not depend on how many (the choices are seeded).
   */
  amount?: number;
  /** Requests a second in all (autocannon's overallRate), or undefined: each connection as fast as it is answered. */
  rate?: number;
  seed?: number;
  /** Leave operations out (their weight goes to none). */
  without?: Op[];
};

export type KindStats = {
  kind: Kind;
  requests: number;
  errors: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
  mean_ms: number;
  /** The answer's mean size (headers and body). */
  mean_kb?: number;
};
export type MixResult = {
  seconds: number;
  requests: number;
  rps: number;
  errors: number;
  /** Connection errors and time-outs (autocannon's), apart from answers with an unexpected status. */
  transport_errors: number;
  timeouts: number;
  all: Omit<KindStats, 'kind'>;
  kinds: KindStats[];
  /** A few unexpected answers: kind, status, what was asked (a route pattern, never an id). */
  error_samples: { kind: Kind; status: number }[];
  writes_per_cent: number;
};

const quantile = (sorted: number[], q: number) => {
  if (!sorted.length) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
};
const r2 = (x: number) => Math.round(x * 100) / 100;

export function statsOf(times: number[]): Omit<KindStats, 'kind' | 'errors'> {
  const s = [...times].sort((a, b) => a - b);
  return {
    requests: s.length,
    p50_ms: r2(quantile(s, 0.5)),
    p95_ms: r2(quantile(s, 0.95)),
    p99_ms: r2(quantile(s, 0.99)),
    max_ms: r2(s.at(-1) ?? Number.NaN),
    mean_ms: r2(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
  };
}

/** The operations each partnership's sessions can do, by the route's permission and the partnership's tools. */
function plan(o: MixOptions) {
  const ops = (Object.keys(MIX) as Op[]).filter((op) => !o.without?.includes(op));
  const able = new Map<Op, Session[]>();
  for (const op of ops) {
    const m = MIX[op];
    const sessions = o.sessions.filter((s) => {
      const p = o.partnerships.get(s.partnership)!;
      const t = o.targets.get(s.partnership)!;
      if (m.partnerships && !m.partnerships(p)) return false;
      if (op === 'report' && !t.report) return false;
      if (op === 'action-update' && !t.actions.length) return false;
      if (['child-page', 'search', 'network', 'child-edit', 'concern'].includes(op) && !t.children.length) return false;
      return can([s.role], m.permission);
    });
    if (sessions.length) able.set(op, sessions);
  }
  const weighted = [...able.keys()];
  const total = weighted.reduce((a, op) => a + MIX[op].weight, 0);
  return { able, weighted, total };
}

/** Runs the mix for o.duration seconds (or o.amount requests); every request is to 127.0.0.1:o.port. */
export async function runMix(o: MixOptions): Promise<MixResult> {
  const { able, weighted, total } = plan(o);
  if (!weighted.length) throw new Error('no operation of the mix can be done by the sessions signed in');
  const times = new Map<Kind, number[]>();
  const errors = new Map<Kind, number>();
  const sizes = new Map<Kind, number>();
  const samples: { kind: Kind; status: number }[] = [];
  let connection = 0;
  let transport = 0;
  let timeouts = 0;
  let writes = 0;
  let ops = 0;

  // Loaded when a run starts: a checkout whose node_modules predate the dev dependency can still import this module.
  const { default: autocannon } = await import('autocannon');
  const instance = autocannon({
    url: `http://127.0.0.1:${o.port}`,
    connections: o.connections,
    duration: o.duration,
    ...(o.amount ? { amount: o.amount } : {}),
    overallRate: o.rate,
    timeout: 30,
    requests: [{ method: 'GET', path: '/health' }],
    setupClient(client: Client) {
      const index = connection++;
      const r = rng((o.seed ?? 17) * 1000 + index);
      /** A connection edits only its share of the records (those whose place is its index modulo the connections). */
      const mine = <T>(xs: T[]) => xs.filter((_, i) => i % o.connections === index);
      const state: { current?: Step; next?: Step; edits: Map<string, number> } = { edits: new Map() };
      (client as Client & { mix?: typeof state }).mix = state;
      const choose = (): Step => {
        let roll = r.next() * total;
        let op = weighted[weighted.length - 1]!;
        for (const w of weighted) {
          roll -= MIX[w].weight;
          if (roll < 0) {
            op = w;
            break;
          }
        }
        const session = r.pick(able.get(op)!);
        const t = o.targets.get(session.partnership)!;
        // With fewer records than connections (a small data set), a connection with none of its own reads a child instead.
        if ((op === 'child-edit' && !mine(t.children).length) || (op === 'action-update' && !mine(t.actions).length)) op = 'child-page';
        ops++;
        if (WRITES.includes(op)) writes++;
        const get = (kind: Kind, path: string, then?: Step['then']): Step => ({ kind, method: 'GET', path, session, expect: 200, then });
        const post = (kind: Kind, path: string, body: string, expect = 303): Step => ({ kind, method: 'POST', path, session, body, expect });
        switch (op) {
          case 'child-page':
            return get('child-page', `/children/${r.pick(t.children).id}`);
          case 'network':
            return get('network', `/children/${r.pick(t.children).id}/network?depth=2`);
          case 'actions':
            return get('actions', '/actions');
          case 'triage':
            return get('triage', '/triage');
          case 'reviews':
            return get('reviews', '/reviews');
          case 'report':
            return get('report', t.report!);
          case 'search': {
            const c = r.pick(t.children);
            const q = r.next() < 0.5 ? `${c.first_name} ${misspell(c.last_name, r)}` : misspell(c.last_name, r);
            const step = post('search', '/children/search', new URLSearchParams({ _csrf: session.csrf, q, districtId: '' }).toString());
            return { ...step, then: () => get('search-results', '/children') };
          }
          case 'concern': {
            const c = r.pick(t.children);
            const body = new URLSearchParams({
              _csrf: session.csrf,
              source: 'ppn',
              indicatorsPresent: 'yes',
              summary: 'Load test: a concern recorded (fictional)',
            });
            return post('concern', `/children/${c.id}/concerns/new`, body.toString());
          }
          case 'child-edit': {
            const c = r.pick(mine(t.children));
            const path = `/children/${c.id}/edit`;
            return get('child-edit-form', path, (html) => {
              const fields = formFields(html, path);
              if (!fields) return undefined;
              // Alternate the lead professional's name, so each save changes the record.
              const name = fields.find(([k]) => k === 'leadProfessionalName')?.[1] ?? '';
              const next = name.endsWith(' (load test)') ? name.slice(0, -12) || 'Lead professional' : `${name || 'Lead professional'} (load test)`;
              return post('child-edit', path, withField(fields, 'leadProfessionalName', next));
            });
          }
          case 'action-update': {
            const id = r.pick(mine(t.actions));
            const path = `/actions/${id}`;
            return get('action-form', path, (html) => {
              const fields = formFields(html, path);
              if (!fields) return undefined;
              const status = fields.find(([k]) => k === 'status')?.[1];
              return post('action-update', path, withField(fields, 'status', status === 'in-progress' ? 'open' : 'in-progress'));
            });
          }
        }
      };
      const toRequest = (step: Step, req: Request): Request => ({
        ...req,
        method: step.method,
        path: step.path,
        headers: {
          accept: 'text/html',
          cookie: step.session.cookie,
          ...(step.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: step.body,
      });
      client.setRequests([
        {
          setupRequest: (req) => {
            const step = state.next ?? choose();
            state.next = undefined;
            state.current = step;
            return toRequest(step, req);
          },
          onResponse: (status, body) => {
            const step = state.current;
            if (step?.then && status === step.expect) state.next = step.then(body);
          },
        },
      ]);
    },
  });

  instance.on('response', (client: Client & { mix?: { current?: Step } }, status: number, bytes: number, ms: number) => {
    const step = client.mix?.current;
    if (!step) return;
    sizes.set(step.kind, (sizes.get(step.kind) ?? 0) + bytes);
    const list = times.get(step.kind) ?? [];
    list.push(ms);
    times.set(step.kind, list);
    if (status !== step.expect) {
      errors.set(step.kind, (errors.get(step.kind) ?? 0) + 1);
      if (samples.length < 20) samples.push({ kind: step.kind, status });
    }
  });
  instance.on('reqError', () => transport++);
  const result = await instance;
  timeouts = result.timeouts;

  const all = [...times.values()].flat();
  const kinds: KindStats[] = [...times.entries()]
    .map(([kind, xs]) => ({ kind, errors: errors.get(kind) ?? 0, ...statsOf(xs), mean_kb: r2((sizes.get(kind) ?? 0) / 1024 / Math.max(1, xs.length)) }))
    .sort((a, b) => b.requests - a.requests);
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  return {
    seconds: result.duration,
    requests: all.length,
    rps: r2(all.length / result.duration),
    errors: errorCount + transport,
    transport_errors: transport,
    timeouts,
    all: { errors: errorCount + transport, ...statsOf(all) },
    kinds,
    error_samples: samples,
    writes_per_cent: r2((100 * writes) / Math.max(1, ops)),
  };
}

/**
 * Before a run: each operation once, one after another, by every kind of session that will do it, checking each answer;
 * a mix whose requests the app refuses measures nothing. Returns what went wrong (empty when all is well).
 */
export async function preflight(o: Omit<MixOptions, 'connections' | 'duration' | 'rate'>): Promise<string[]> {
  const { able } = plan({ ...o, connections: 1, duration: 0 });
  const problems: string[] = [];
  const r = rng(5);
  for (const [op, sessions] of able) {
    const seen = new Set<string>();
    for (const s of sessions) {
      const key = `${s.partnership}/${s.role}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const t = o.targets.get(s.partnership)!;
      const child = t.children.length ? r.pick(t.children) : undefined;
      const check = async (method: string, path: string, expect: number, form?: Record<string, string> | string) => {
        const res =
          typeof form === 'string'
            ? await fetch(`http://127.0.0.1:${o.port}${path}`, {
                method,
                redirect: 'manual',
                headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
                body: form,
              }).then(async (x) => ({ status: x.status, body: await x.text() }))
            : await request(o.port, method, path, { cookie: s.cookie, form });
        if (res.status !== expect) problems.push(`${op} as ${key}: ${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')} answered ${res.status}, not ${expect}`);
        return res;
      };
      switch (op) {
        case 'child-page':
          await check('GET', `/children/${child!.id}`, 200);
          break;
        case 'network':
          await check('GET', `/children/${child!.id}/network?depth=2`, 200);
          break;
        case 'actions':
        case 'triage':
        case 'reviews':
          await check('GET', `/${op}`, 200);
          break;
        case 'report':
          await check('GET', t.report!, 200);
          break;
        case 'search':
          await check('POST', '/children/search', 303, { _csrf: s.csrf, q: child!.last_name, districtId: '' });
          await check('GET', '/children', 200);
          break;
        case 'concern':
          break; // a write: the run does it (preflight adds no records)
        case 'child-edit':
          if (!formFields((await check('GET', `/children/${child!.id}/edit`, 200)).body, `/children/${child!.id}/edit`))
            problems.push(`child-edit as ${key}: no edit form`);
          break;
        case 'action-update': {
          const id = t.actions[0]!;
          if (!formFields((await check('GET', `/actions/${id}`, 200)).body, `/actions/${id}`))
            problems.push(`action-update as ${key}: no form to change the action`);
          break;
        }
      }
    }
  }
  return problems;
}

/** Signs in `perUser` sessions for each role of LOAD_ROLES in each partnership (the demo users, {role}@{id}.example.org). */
export async function signInSessions(port: number, partnerships: Iterable<string>, password: string, perUser = 1): Promise<Session[]> {
  const out: Session[] = [];
  for (const partnership of partnerships)
    for (const role of LOAD_ROLES)
      for (let i = 0; i < perUser; i++) {
        const s = await signIn(port, `${role}@${partnership}.example.org`, password);
        out.push({ partnership, role, ...s });
      }
  return out;
}
