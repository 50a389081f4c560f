/** Who is acting: written into every audit entry. */
export type Actor = {
  userId: string;
  partnershipId: string;
  agencyId: string;
  roles: string[];
  displayName: string;
  email: string;
  ip: string;
  /** Issue 16 item 11: the partnership asks this user for a reason before a record their agency is not involved with opens. */
  reasonForAccess?: boolean;
};
