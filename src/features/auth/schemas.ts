import { z } from 'zod';

/** The sign-in form. */
export const signInForm = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(254, 'Email address must be 254 characters or fewer'),
  password: z.string().min(1, 'Enter your password').max(1000, 'Password must be 1000 characters or fewer'),
});

/** A code from an authenticator app (signing in, or setting up the second factor). */
export const codeForm = z.object({
  code: z
    .string()
    .trim()
    .min(1, 'Enter the 6-digit code from your authenticator app')
    .regex(/^\d{3}\s?\d{3}$/, 'The code must be 6 digits'),
});

/** POST /api/v1/auth/token: an email address and password for a bearer token. */
export const tokenRequest = z.object({
  email: z.string().trim().min(1, 'Enter an email address').max(254),
  password: z.string().min(1, 'Enter a password').max(1000),
});
