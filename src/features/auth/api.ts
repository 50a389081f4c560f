import type { Request, Response } from 'express';
import type { AppDeps } from '../../services.ts';
import type { RouteSpec } from '../../platform/http.ts';
import { problem } from '../../platform/problems.ts';
import { readBody } from '../../platform/validation.ts';
import { tokenRequest } from './schemas.ts';

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
        const read = readBody(tokenRequest, req.body);
        if (!read.ok) return problem(res, 422, 'Invalid request', 'Some fields are missing or invalid.', read.errors);
        const result = await auth.signIn(read.data.email, read.data.password, req.ip_address, 'api');
        if (!result.ok) {
          if (result.reason === 'throttled') return problem(res, 429, 'Too many attempts', 'Wait 15 minutes and try again.');
          return problem(res, 401, 'Unauthorised', 'The email address or password is not correct.');
        }
        res.status(200).json({ token: result.secret });
      },
    },
  ];
}
