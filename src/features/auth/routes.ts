import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { SESSION_COOKIE } from '../../platform/web-session.ts';
import { setCookie, clearCookie, readCookie } from '../../platform/cookies.ts';
import { notFound } from '../../platform/http.ts';
import type { OidcRefusal } from './oidc.ts';
import { readBody, formErrors } from '../../platform/validation.ts';
import { signInForm, codeForm } from './schemas.ts';
import { paths } from '../../paths.ts';
import { groupedKey, totpUri } from './totp.ts';
import { THROTTLE } from '../../platform/throttle.ts';

/** A sign-in under way at a provider: the browser's half of the flow (the other half, hashed, in oidc_flows). */
const OIDC_COOKIE = 'mace_oidc';

/** Issue 16: what the user is told when a provider's sign-in cannot be used (never which check failed in detail). */
const oidcRefusals: Record<OidcRefusal, { status: number; text: string }> = {
  'no-sign-in': { status: 400, text: 'This sign-in was not started here, was used already or took longer than 10 minutes. Start again.' },
  provider: {
    status: 401,
    text: 'Your organisation’s sign-in service did not confirm who you are. Start again; if it happens again, contact your partnership admin.',
  },
  'no-identity': {
    status: 403,
    text: 'Your organisation’s sign-in service did not give a verified email address (or the identifier your partnership uses), so MACE cannot tell which account is yours. Contact your partnership admin.',
  },
  unknown: { status: 403, text: 'There is no MACE account for you in this partnership. Ask your partnership admin to add you.' },
  'no-roles': { status: 403, text: 'Your organisation has not given you a role that MACE uses. Ask your partnership admin.' },
  disabled: { status: 403, text: 'Your MACE account has been turned off. Contact your partnership admin.' },
};

export function authRoutes({ services, config }: AppDeps): RouteSpec[] {
  const auth = services.auth;
  const oidc = services.oidc;
  const signInPage = (res: Response, values: Record<string, string> = {}, errors?: ReturnType<typeof formErrors>, status = 200) =>
    res.status(status).render('auth/views/sign-in.njk', { values, errors, providers: oidc.providers() });

  return [
    {
      method: 'get',
      path: '/sign-in',
      access: 'public',
      audit: 'none: nothing read',
      handler: (req: Request, res: Response) => (req.user?.secondFactorDone ? res.redirect(303, paths.home()) : signInPage(res)),
    },
    {
      method: 'post',
      path: '/sign-in',
      access: 'public',
      audit: 'auth.sign-in',
      handler: async (req: Request, res: Response) => {
        const read = readBody(signInForm, req.body);
        const email = typeof req.body?.email === 'string' ? req.body.email : '';
        if (!read.ok) return signInPage(res, { email }, formErrors(read.errors), 400);
        const result = await auth.signIn(read.data.email, read.data.password, req.ip_address, 'web');
        if (!result.ok) {
          const message =
            result.reason === 'throttled'
              ? `Too many attempts to sign in. Wait ${THROTTLE.windowMinutes} minutes and try again.`
              : result.reason === 'use-provider'
                ? `Your partnership signs you in through ${result.label}: use the button below`
                : 'Enter a correct email address and password';
          return signInPage(res, { email }, formErrors([{ field: 'email', message }]), result.reason === 'throttled' ? 429 : 401);
        }
        setCookie(res, SESSION_COOKIE, result.secret, config.secureCookies);
        const next = { home: paths.home(), 'two-factor': paths.twoFactor(), 'set-up-two-factor': paths.accountTwoFactor() }[result.next];
        res.redirect(303, next);
      },
    },
    {
      method: 'get',
      path: '/sign-in/two-factor',
      access: 'signed-in',
      audit: 'none: nothing read',
      beforeSecondFactor: true,
      handler: (req: Request, res: Response) => {
        if (req.user!.secondFactorDone) return res.redirect(303, paths.home());
        if (!req.user!.totpEnabled) return res.redirect(303, paths.accountTwoFactor());
        res.render('auth/views/two-factor.njk', { values: {} });
      },
    },
    {
      method: 'post',
      path: '/sign-in/two-factor',
      access: 'signed-in',
      audit: 'auth.second-factor',
      beforeSecondFactor: true,
      handler: async (req: Request, res: Response) => {
        const read = readBody(codeForm, req.body);
        if (!read.ok) return res.status(400).render('auth/views/two-factor.njk', { errors: formErrors(read.errors) });
        const outcome = await auth.verifySecondFactor(req.user!, read.data.code, req.ip_address);
        if (outcome !== 'ok') {
          const message =
            outcome === 'throttled'
              ? `Too many attempts. Wait ${THROTTLE.windowMinutes} minutes and try again.`
              : outcome === 'used'
                ? 'That code has been used already: wait for your app to show a new code, then enter it'
                : 'The code is not correct or has expired: enter the current code from your app';
          return res.status(outcome === 'throttled' ? 429 : 401).render('auth/views/two-factor.njk', { errors: formErrors([{ field: 'code', message }]) });
        }
        res.redirect(303, paths.home());
      },
    },
    {
      method: 'get',
      path: '/account',
      access: 'signed-in',
      audit: 'none: the user’s own account',
      handler: (req: Request, res: Response) => res.render('auth/views/account.njk'),
    },
    {
      method: 'get',
      path: '/account/two-factor',
      access: 'signed-in',
      audit: 'none: the user’s own account',
      beforeSecondFactor: true,
      handler: async (req: Request, res: Response) => {
        const user = req.user!;
        if (user.totpEnabled && !user.secondFactorDone) return res.redirect(303, paths.twoFactor());
        if (user.totpEnabled) return res.render('auth/views/two-factor-set-up.njk', { alreadyOn: true });
        const secret = await auth.startTotpSetup(user);
        res.render('auth/views/two-factor-set-up.njk', { key: groupedKey(secret), uri: totpUri(secret, user.email), required: !user.secondFactorDone });
      },
    },
    {
      method: 'post',
      path: '/account/two-factor',
      access: 'signed-in',
      audit: 'user.two-factor-enabled',
      beforeSecondFactor: true,
      handler: async (req: Request, res: Response) => {
        const user = req.user!;
        if (user.totpEnabled) return res.redirect(303, user.secondFactorDone ? paths.account() : paths.twoFactor());
        const read = readBody(codeForm, req.body);
        const ok = read.ok && (await auth.finishTotpSetup(user, read.data.code, req.ip_address));
        if (!ok) {
          const secret = await auth.startTotpSetup(user);
          const errors = read.ok
            ? formErrors([{ field: 'code', message: 'The code is not correct: check the key you typed and enter the current code' }])
            : formErrors(read.errors);
          return res.status(400).render('auth/views/two-factor-set-up.njk', {
            key: groupedKey(secret),
            uri: totpUri(secret, user.email),
            required: !user.secondFactorDone,
            errors,
          });
        }
        res.redirect(303, paths.home());
      },
    },
    {
      method: 'post',
      path: '/sign-out',
      access: 'public',
      audit: 'auth.sign-out',
      handler: async (req: Request, res: Response) => {
        const provider = req.user?.signedInWith;
        if (req.user) await auth.signOut(req.user, req.ip_address);
        clearCookie(res, SESSION_COOKIE, config.secureCookies);
        // Signed in at a provider: the signed-out page offers its sign-out too (the partnership's id only, no personal data).
        res.redirect(303, provider && oidc.has(provider) ? `${paths.signedOut()}?provider=${provider}` : paths.signedOut());
      },
    },
    {
      method: 'get',
      path: '/signed-out',
      access: 'public',
      audit: 'none: nothing read',
      handler: async (req: Request, res: Response) => {
        if (req.user) return res.redirect(303, paths.home());
        const provider = typeof req.query.provider === 'string' && oidc.has(req.query.provider) ? req.query.provider : undefined;
        const providerSignOut = provider ? await oidc.endSessionUrl(provider) : undefined;
        res.render('auth/views/signed-out.njk', {
          timedOut: req.query.reason === 'timeout',
          idleMinutes: config.sessionIdleMinutes,
          providerSignOut,
          providerLabel: provider ? oidc.providers().find((x) => x.partnershipId === provider)?.label : undefined,
        });
      },
    },
    {
      // A link, not a form: the browser is sent on to the provider (a form's redirect to another origin would need the
      // provider in the form-action policy). Signing in at someone else's request is prevented by the flow's cookie.
      method: 'get',
      path: '/auth/oidc/:partnership',
      access: 'public',
      audit: 'none: the sign-in is audited when the provider answers',
      handler: async (req: Request, res: Response) => {
        const partnershipId = String(req.params.partnership);
        if (!oidc.has(partnershipId)) return notFound(res);
        let started: Awaited<ReturnType<typeof oidc.start>>;
        try {
          started = await oidc.start(partnershipId);
        } catch (_err) {
          const name = oidc.providers().find((x) => x.partnershipId === partnershipId)?.label ?? 'your organisation’s account';
          return signInPage(
            res,
            {},
            formErrors([{ field: 'email', message: `Signing in through ${name} is not working at the moment: try again in a few minutes` }]),
            503,
          );
        }
        if (!started) return notFound(res);
        setCookie(res, OIDC_COOKIE, started.flowSecret, config.secureCookies);
        res.redirect(303, started.url);
      },
    },
    {
      method: 'get',
      path: '/auth/oidc/:partnership/callback',
      access: 'public',
      audit: 'auth.sign-in',
      handler: async (req: Request, res: Response) => {
        const partnershipId = String(req.params.partnership);
        if (!oidc.has(partnershipId)) return notFound(res);
        const flow = readCookie(req, OIDC_COOKIE);
        clearCookie(res, OIDC_COOKIE, config.secureCookies);
        const result = await oidc.finish(partnershipId, flow, new URL(req.originalUrl, config.publicUrl), req.ip_address);
        if (!result.ok) {
          const r = oidcRefusals[result.reason];
          return res.status(r.status).render('auth/views/oidc-refused.njk', { text: r.text });
        }
        setCookie(res, SESSION_COOKIE, result.secret, config.secureCookies);
        res.redirect(303, { home: paths.home(), 'two-factor': paths.twoFactor(), 'set-up-two-factor': paths.accountTwoFactor() }[result.next]);
      },
    },
    {
      method: 'post',
      path: '/session/keep-alive',
      access: 'signed-in',
      audit: 'none: session housekeeping',
      beforeSecondFactor: true,
      handler: async (req: Request, res: Response) => {
        await services.sessions.touch(req.user!);
        res.json({ ok: true });
      },
    },
  ];
}
