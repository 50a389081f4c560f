// A real OpenID provider in process (oidc-provider, a certified implementation) for the sign-in tests (issue 16): its own
// port, its clients, and a plain sign-in page where a test (or a browser) names the account and the provider records
// how it was checked (amr, acr). Never a mock of the protocol: discovery, keys, codes, PKCE and tokens are the library's.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export type TestAccount = { email?: string; email_verified?: boolean; name?: string; oid?: string; roles?: string[]; amr?: string[]; acr?: string };

export type TestProvider = {
  issuer: string;
  /** Accounts by login name; change them between tests. */
  accounts: Map<string, TestAccount>;
  close: () => Promise<void>;
};

type ClientSpec = { clientId: string; clientSecret: string; redirectUris: string[]; postLogoutRedirectUris?: string[] };

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Starts the provider on 127.0.0.1 (`port`, or a free one) with these clients; `codeTtlSeconds` shortens an authorisation code's life. */
export async function startTestProvider(clients: ClientSpec[], o: { codeTtlSeconds?: number; port?: number } = {}): Promise<TestProvider> {
  const accounts = new Map<string, TestAccount>();
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    })),
    cookies: { keys: ['test-provider-cookie-key-not-for-production'] },
    // amr and acr with the subject in the ID token; the profile from userinfo (conformIdTokenClaims), as some providers do.
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], email: ['email', 'email_verified'], profile: ['name', 'oid', 'roles'] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // The provider's own "sign out?" page, plain (the library's default loads a web font from the internet).
        async logoutSource(ctx, form) {
          ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out of the test identity provider</title></head>
<body><main><h1>Sign out of the test identity provider?</h1>${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button></main></body></html>`;
        },
      },
    },
    pkce: { required: () => true },
    ttl: { AuthorizationCode: o.codeTtlSeconds ?? 60, IdToken: 3600, AccessToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // First-party clients: no consent screen; the grant covers what was asked.
    async loadExistingGrant(ctx) {
      const oidc = ctx.oidc;
      const grantId = oidc.result?.consent?.grantId || oidc.session!.grantIdFor(oidc.client!.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId! });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
    async findAccount(_ctx, sub) {
      const a = accounts.get(sub);
      if (!a) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, email: a.email, email_verified: a.email_verified, name: a.name, oid: a.oid, roles: a.roles };
        },
      };
    },
  });
  provider.on('server_error', () => undefined);

  const callback = provider.callback();
  server.on('request', (req, res) => {
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url ?? '');
    if (!m) return callback(req, res);
    void (async () => {
      try {
        if (req.method === 'GET') {
          const details = await provider.interactionDetails(req, res);
          res.setHeader('content-type', 'text/html; charset=utf-8');
          res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title>
<style>body{font:19px/1.4 sans-serif;margin:2em}label,input,button{display:block;font:inherit;margin:.3em 0}input{border:2px solid #0b0c0c;padding:.3em}button{background:#00703c;color:#fff;border:0;padding:.4em 1em}</style>
</head><body><main><h1>Test identity provider</h1>
<p>Not for live use: it stands for your organisation's sign-in (Entra ID or another OpenID Connect provider).</p>
<form method="post" action="/interaction/${escape(details.uid)}/login">
<label for="login">Account (an email address of a demo user)</label><input id="login" name="login" autocomplete="off" spellcheck="false">
<button type="submit">Sign in</button></form></main></body></html>`);
          return;
        }
        let body = '';
        for await (const chunk of req) body += chunk;
        const login = new URLSearchParams(body).get('login') ?? '';
        const account = accounts.get(login);
        if (!account) {
          await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'no such account' }, { mergeWithLastSubmission: false });
          return;
        }
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: login, ...(account.amr ? { amr: account.amr } : {}), ...(account.acr ? { acr: account.acr } : {}) } },
          { mergeWithLastSubmission: false },
        );
      } catch (err) {
        res.statusCode = 400;
        res.end(String((err as Error).message));
      }
    })();
  });
  return {
    issuer,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A minimal cookie jar for walking the provider's redirects without a browser. */
export function providerWalker() {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i).trim(), pair!.slice(i + 1).trim());
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  return {
    /** Follows the provider's redirects from `url` until one leaves the provider (the app's callback) or a page is shown. */
    async follow(url: string, init: { method?: string; body?: string } = {}): Promise<{ location?: string; status: number; text: string }> {
      let next = url;
      let method = init.method ?? 'GET';
      let body = init.body;
      const origin = new URL(url).origin;
      for (let i = 0; i < 10; i++) {
        const res = await fetch(next, {
          method,
          body,
          redirect: 'manual',
          headers: { cookie: cookie(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        });
        keep(res);
        const loc = res.headers.get('location');
        if (!loc) return { status: res.status, text: await res.text() };
        const abs = new URL(loc, next);
        if (abs.origin !== origin) return { location: abs.href, status: res.status, text: '' };
        next = abs.href;
        method = 'GET';
        body = undefined;
        if (/^\/interaction\//.test(abs.pathname)) return { location: abs.href, status: res.status, text: '' };
      }
      throw new Error('too many redirects');
    },
  };
}
