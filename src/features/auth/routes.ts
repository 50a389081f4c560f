import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { SESSION_COOKIE } from '../../platform/web-session.ts';
import { setCookie, clearCookie } from '../../platform/cookies.ts';
import { readBody, formErrors } from '../../platform/validation.ts';
import { signInForm, codeForm } from './schemas.ts';
import { paths } from '../../paths.ts';
import { groupedKey, totpUri } from './totp.ts';
import { THROTTLE } from '../../platform/throttle.ts';

export function authRoutes({ services, config }: AppDeps): RouteSpec[] {
  const auth = services.auth;
  const signInPage = (res: Response, values: Record<string, string> = {}, errors?: ReturnType<typeof formErrors>, status = 200) =>
    res.status(status).render('auth/views/sign-in.njk', { values, errors });

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
        if (req.user) await auth.signOut(req.user, req.ip_address);
        clearCookie(res, SESSION_COOKIE, config.secureCookies);
        res.redirect(303, paths.signedOut());
      },
    },
    {
      method: 'get',
      path: '/signed-out',
      access: 'public',
      audit: 'none: nothing read',
      handler: (req: Request, res: Response) => {
        if (req.user) return res.redirect(303, paths.home());
        res.render('auth/views/signed-out.njk', { timedOut: req.query.reason === 'timeout', idleMinutes: config.sessionIdleMinutes });
      },
    },
    {
      method: 'post',
      path: '/session/keep-alive',
      access: 'signed-in',
      audit: 'none: session housekeeping',
      beforeSecondFactor: true,
      handler: async (req: Request, res: Response) => {
        await services.sessions.touch(req.user!.sessionHash);
        res.json({ ok: true });
      },
    },
  ];
}
