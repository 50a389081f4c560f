import { z } from 'zod';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import { roles } from '../../platform/roles.ts';

/** A new staff account: name, email (kept lower case), an agency of the partnership and at least one role. */
export const newUserSchema = (p: PartnershipConfig) =>
  z.object({
    displayName: z.string().trim().min(1, 'Enter the person’s full name').max(200, 'Name must be 200 characters or fewer'),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .min(1, 'Enter an email address')
      .max(254, 'Email address must be 254 characters or fewer')
      .email('Enter an email address in the correct format, like name@example.org'),
    agencyId: z
      .string()
      .min(1, 'Select the agency')
      .refine((v) => p.agencies.some((a) => a.id === v), 'Select an agency from the list'),
    roles: z.array(z.enum(roles)).min(1, 'Select at least one role'),
  });
