// Sign-in through the partnership's own identity provider (issue 16): OpenID Connect's authorisation code flow with PKCE,
// state and nonce, through openid-client (certified; discovery and the provider's keys, rotated, come from the issuer).
// The product never checks a token itself.
import type * as OpenIdClient from 'openid-client';
import type { Db } from '../../db/client.ts';
import type { OidcProviderSettings } from '../../config.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { roles as knownRoles } from '../../platform/roles.ts';
import { audit } from '../../platform/audit.ts';
import { createSession } from '../../platform/sessions.ts';
import { randomToken, sha256 } from '../../platform/tokens.ts';
import {
  createProviderUser,
  findUserByExternalId,
  findUserInPartnershipByEmail,
  linkExternalId,
  saveOidcFlow,
  takeOidcFlow,
  type UserRow,
} from './repository.ts';

/** How long a sign-in may take at the provider before its answer is refused (seconds). */
export const OIDC_FLOW_SECONDS = 600;

/** openid-client (and jose under it), loaded when a partnership's sign-in through its provider is first used: a deployment without one never holds them (issue 17 item 7). */
let openIdClient: Promise<typeof OpenIdClient> | undefined;
const loadOpenIdClient = () =>
  (openIdClient ??= import('openid-client').catch((err: unknown) => {
    openIdClient = undefined; // tried again at the next sign-in
    throw err;
  }));

export type OidcRefusal =
  /** the browser did not start this sign-in, or its answer was used already, or it took too long */
  | 'no-sign-in'
  /** the provider refused, or its answer failed a check (state, nonce, audience, signature, code) */
  | 'provider'
  /** the provider did not say who the user is in a way the partnership accepts (no verified email, no matching claim) */
  | 'no-identity'
  /** no account in the partnership, and the partnership does not create them */
  | 'unknown'
  /** the provider's roles map to none of the product's */
  | 'no-roles'
  | 'disabled';

export type OidcResult = { ok: true; secret: string; next: 'home' | 'two-factor' | 'set-up-two-factor' } | { ok: false; reason: OidcRefusal };

type Claims = Record<string, unknown>;

/** Whether the provider vouches for the email claim: OpenID's email_verified, or Entra ID's xms_edov (the domain's owner verified it). */
const verifiedEmail = (c: Claims): string | undefined =>
  typeof c.email === 'string' && c.email && (c.email_verified === true || c.xms_edov === true || c.xms_edov === '1') ? c.email : undefined;

// Issue 16 item 3: a sign-in satisfies the partnership's second factor only if the provider says it checked one
/** Whether the provider checked a second factor, by its `amr` (any of the configured values) or its `acr`. */
export function providerCheckedSecondFactor(c: Claims, wanted: { amr: string[]; acr: string[] }): boolean {
  const amr = Array.isArray(c.amr) ? c.amr.filter((x): x is string => typeof x === 'string') : [];
  return amr.some((a) => wanted.amr.includes(a)) || (typeof c.acr === 'string' && wanted.acr.includes(c.acr));
}

/** The product's roles for the provider's roles or groups claim, through the partnership's map (unknown roles dropped). */
export function mappedRoles(c: Claims, claim: string, map: Record<string, string[]>): string[] {
  const given = Array.isArray(c[claim]) ? (c[claim] as unknown[]) : typeof c[claim] === 'string' ? [c[claim]] : [];
  const out = new Set<string>();
  for (const g of given) if (typeof g === 'string') for (const r of map[g] ?? []) if ((knownRoles as readonly string[]).includes(r)) out.add(r);
  return [...out].sort();
}

export function oidcService(db: Db, partnerships: Map<string, PartnershipConfig>, providers: Record<string, OidcProviderSettings>, publicUrl: string) {
  for (const id of Object.keys(providers)) {
    const p = partnerships.get(id);
    if (!p) throw new Error(`Invalid configuration:\n  OIDC_${id.toUpperCase().replace(/-/g, '_')}_*: no partnership has the id ${id}`);
    const create = p.signIn.oidc.createUsers;
    if (create && !p.agencies.some((a) => a.id === create.agencyId))
      throw new Error(`Invalid configuration:\n  ${id}: signIn.oidc.createUsers.agencyId ${create.agencyId} is not one of its agencies`);
  }
  const discovered = new Map<string, Promise<OpenIdClient.Configuration>>();
  /** The provider's metadata and keys, discovered once (again after a failure, so a provider that was down is tried anew). */
  const configFor = (partnershipId: string): Promise<OpenIdClient.Configuration> => {
    let c = discovered.get(partnershipId);
    if (!c) {
      const s = providers[partnershipId]!;
      const issuer = new URL(s.issuer);
      c = loadOpenIdClient().then((client) =>
        client.discovery(issuer, s.clientId, s.clientSecret, undefined, issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined),
      );
      c.catch(() => discovered.delete(partnershipId));
      discovered.set(partnershipId, c);
    }
    return c;
  };
  const redirectUri = (partnershipId: string) => new URL(`/auth/oidc/${partnershipId}/callback`, publicUrl).href;

  async function userFor(q: Parameters<Parameters<Db['tx']>[0]>[0], p: PartnershipConfig, c: Claims): Promise<UserRow | OidcRefusal> {
    const o = p.signIn.oidc;
    const email = verifiedEmail(c);
    let user: UserRow | undefined;
    let externalId: string | null = null;
    if (o.matchClaim === 'email') {
      if (!email) return 'no-identity';
      user = await findUserInPartnershipByEmail(q, p.id, email);
    } else {
      const v = c[o.matchClaim];
      if (typeof v !== 'string' || !v) return 'no-identity';
      externalId = v;
      user = await findUserByExternalId(q, p.id, v);
      // The first sign-in of an existing account: found by its verified email, then known by the provider's id.
      if (!user && email) {
        const byEmail = await findUserInPartnershipByEmail(q, p.id, email);
        if (byEmail && (await linkExternalId(q, p.id, byEmail.id, v))) user = byEmail;
      }
    }
    if (user) return user;
    if (!o.createUsers) return 'unknown';
    if (!email) return 'no-identity';
    const roles = mappedRoles(c, o.createUsers.rolesClaim, o.createUsers.roleMap);
    if (!roles.length) return 'no-roles';
    const name = typeof c.name === 'string' && c.name.trim() ? c.name.trim().slice(0, 200) : email;
    const created = await createProviderUser(q, { partnershipId: p.id, email, displayName: name, agencyId: o.createUsers.agencyId, roles, externalId });
    if (!created) return 'unknown'; // the email belongs to an account of another partnership
    await audit(
      q,
      { partnershipId: p.id, userId: created.id },
      { action: 'user.create', subjectType: 'user', subjectId: created.id, details: { via: 'oidc', roles } },
    );
    return created;
  }

  return {
    /** The partnerships whose provider is configured, for the sign-in page's buttons. */
    providers(): { partnershipId: string; name: string; label: string }[] {
      return Object.keys(providers)
        .map((id) => partnerships.get(id)!)
        .map((p) => ({ partnershipId: p.id, name: p.shortName, label: p.signIn.oidc.label }));
    },

    has: (partnershipId: string) => partnershipId in providers,

    /** Starts a sign-in: the flow kept against a secret for the browser's cookie, and the provider's address to send it to. */
    async start(partnershipId: string): Promise<{ flowSecret: string; url: string } | undefined> {
      if (!(partnershipId in providers)) return undefined;
      const config = await configFor(partnershipId);
      const client = await loadOpenIdClient();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const flowSecret = randomToken();
      await saveOidcFlow(db, partnershipId, sha256(flowSecret), { state, nonce, codeVerifier });
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri(partnershipId),
        scope: 'openid email profile',
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { flowSecret, url: url.href };
    },

    /** The provider's answer (the callback's URL), in the browser that started the sign-in: a session, or why not. */
    async finish(partnershipId: string, flowSecret: string | undefined, callbackUrl: URL, ip: string): Promise<OidcResult> {
      const p = partnerships.get(partnershipId);
      if (!p || !(partnershipId in providers)) return { ok: false, reason: 'no-sign-in' };
      const refuse = async (reason: OidcRefusal, details: Record<string, unknown> = {}, userId?: string): Promise<OidcResult> => {
        await audit(
          db,
          { ip, partnershipId, userId },
          { action: 'auth.sign-in', outcome: reason === 'provider' ? 'failed' : 'denied', details: { via: 'oidc', reason, ...details } },
        );
        return { ok: false, reason };
      };
      const flow = flowSecret ? await takeOidcFlow(db, partnershipId, sha256(flowSecret)) : undefined;
      if (!flow) return refuse('no-sign-in');
      if (flow.age > OIDC_FLOW_SECONDS) return refuse('no-sign-in', { expired: true });
      let claims: Claims;
      try {
        const client = await loadOpenIdClient();
        const tokens = await client.authorizationCodeGrant(await configFor(partnershipId), callbackUrl, {
          pkceCodeVerifier: flow.code_verifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
        claims = (tokens.claims() ?? {}) as Claims;
        // A provider may keep the profile out of the ID token (OpenID Connect Core 5.4): then its userinfo, checked to
        // be about the same subject, fills what the ID token lacks; the ID token's own claims (amr, acr) stand.
        const o = p.signIn.oidc;
        const wanted = ['email', o.matchClaim, ...(o.createUsers ? [o.createUsers.rolesClaim, 'name'] : [])];
        if (wanted.some((k) => claims[k] === undefined) && tokens.access_token) {
          const config = await configFor(partnershipId);
          if (config.serverMetadata().userinfo_endpoint)
            claims = { ...(await client.fetchUserInfo(config, tokens.access_token, String(claims.sub))), ...claims };
        }
      } catch (err) {
        // The error's code and the provider's error name (never the token or the claims).
        const e = err as { code?: unknown; error?: unknown; name?: unknown };
        return refuse('provider', { error: String(e.error ?? e.code ?? e.name ?? 'error').slice(0, 80) });
      }
      return db.tx(async (q) => {
        const found = await userFor(q, p, claims);
        if (typeof found === 'string') {
          await audit(q, { ip, partnershipId }, { action: 'auth.sign-in', outcome: 'denied', details: { via: 'oidc', reason: found } });
          return { ok: false as const, reason: found };
        }
        const user = found;
        if (user.disabled_at) {
          await audit(q, { ip, partnershipId, userId: user.id }, { action: 'auth.sign-in', outcome: 'denied', details: { via: 'oidc', reason: 'disabled' } });
          return { ok: false as const, reason: 'disabled' as const };
        }
        const byProvider = providerCheckedSecondFactor(claims, p.signIn.oidc.secondFactor);
        const needsOwnCode = !byProvider && (p.requireSecondFactor || !!user.totp_secret);
        const secret = await createSession(q, { partnershipId: p.id, userId: user.id }, 'web', !needsOwnCode, p.id);
        await audit(
          q,
          { ip, userId: user.id, partnershipId: p.id, roles: user.roles, agencyId: user.agency_id },
          { action: 'auth.sign-in', details: { via: 'oidc', secondFactor: byProvider ? 'provider' : needsOwnCode ? 'own-code' : 'none' } },
        );
        const next = !needsOwnCode ? 'home' : user.totp_secret ? 'two-factor' : 'set-up-two-factor';
        return { ok: true as const, secret, next: next as 'home' | 'two-factor' | 'set-up-two-factor' };
      });
    },

    /** The provider's sign-out (RP-initiated logout), back to the signed-out page; undefined when it offers none. */
    async endSessionUrl(partnershipId: string): Promise<string | undefined> {
      if (!(partnershipId in providers)) return undefined;
      try {
        const config = await configFor(partnershipId);
        if (!config.serverMetadata().end_session_endpoint) return undefined;
        return (await loadOpenIdClient()).buildEndSessionUrl(config, {
          client_id: providers[partnershipId]!.clientId,
          post_logout_redirect_uri: new URL('/signed-out', publicUrl).href,
        }).href;
      } catch (_err) {
        return undefined;
      }
    },
  };
}

export type OidcService = ReturnType<typeof oidcService>;
