import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { problem } from '../../platform/problems.ts';
import { fieldErrors } from '../../platform/validation.ts';

export const tokenRequest = z.object({
  email: z.string().trim().min(1, 'Enter an email address').max(254),
  password: z.string().min(1, 'Enter a password').max(1000),
});

export function authApi({ services }: AppDeps): RouteSpec[] {
  const auth = services.auth;
  return [
    {
      method: 'post',
      path: '/api/v1/auth/token',
      access: 'public',
      audit: 'auth.token',
      api: true,
      handler: async (req: Request, res: Response) => {
        const parsed = tokenRequest.safeParse(req.body ?? {});
        if (!parsed.success) return problem(res, 422, 'Invalid request', 'Some fields are missing or invalid.', fieldErrors(parsed.error));
        const result = await auth.signIn(parsed.data.email, parsed.data.password, req.ip_address, 'api');
        if (!result.ok) {
          if (result.reason === 'throttled') return problem(res, 429, 'Too many attempts', 'Wait 15 minutes and try again.');
          return problem(res, 401, 'Unauthorised', 'The email address or password is not correct.');
        }
        res.status(200).json({ token: result.secret });
      },
    },
  ];
}
