/** Who is acting: written into every audit entry. */
export type Actor = {
  userId: string;
  partnershipId: string;
  agencyId: string;
  roles: string[];
  displayName: string;
  email: string;
  ip: string;
};
