// Links between children and records (DOMAIN §6: "associations (friends, family links, friends at
// risk)" and the mapping of links between children and offenders, addresses, hotspots and safe spaces).

export const recordKinds = {
  person: 'Person of concern',
  location: 'Location',
  vehicle: 'Vehicle',
  phone: 'Phone number',
  'online-account': 'Online account',
  organisation: 'Organisation or place of work',
} as const;
export type RecordKind = keyof typeof recordKinds;
export const recordKindPlurals: Record<RecordKind, string> = {
  person: 'People of concern',
  location: 'Locations',
  vehicle: 'Vehicles',
  phone: 'Phone numbers',
  'online-account': 'Online accounts',
  organisation: 'Organisations and places of work',
};
export const recordKindArticles: Record<RecordKind, string> = {
  person: 'a',
  location: 'a',
  vehicle: 'a',
  phone: 'a',
  'online-account': 'an',
  organisation: 'an',
};
export const isRecordKind = (k: string): k is RecordKind => Object.hasOwn(recordKinds, k);

export const reliabilities = {
  reliable: 'Reliable',
  'usually-reliable': 'Usually reliable',
  unreliable: 'Unreliable',
  untested: 'Untested',
} as const;
type Reliability = keyof typeof reliabilities;
export const isReliability = (r: string): r is Reliability => Object.hasOwn(reliabilities, r);

export const relations = {
  friend: 'Friend',
  relative: 'Relative',
  rival: 'Rival',
  associate: 'Associate',
  'suspected-exploiter': 'Suspected exploiter',
  frequents: 'Frequents',
  'found-at': 'Found at',
  uses: 'Uses',
  'registered-to': 'Registered to',
  'works-at': 'Works at',
  'lives-at': 'Lives at',
  other: 'Other',
} as const;
type Relation = keyof typeof relations;
export const isRelation = (r: string): r is Relation => Object.hasOwn(relations, r);

/** Between two children only the relations between people apply. */
export const childToChildRelations: Relation[] = ['friend', 'relative', 'rival', 'associate'];

type End = { type: 'child' } | { type: 'record'; kind: RecordKind };

// DOMAIN §6: a link joins two different things; between two children only friend, relative, rival or associate
export function linkError(a: End & { id: string }, b: End & { id: string }, relation: string): { field: string; message: string } | undefined {
  if (!isRelation(relation)) return { field: 'relation', message: 'Select how they are linked' };
  if (a.id === b.id) return { field: 'target', message: 'A record cannot be linked to itself' };
  if (a.type === 'child' && b.type === 'child' && !childToChildRelations.includes(relation)) {
    return { field: 'relation', message: 'Two children can only be linked as friends, relatives, rivals or associates' };
  }
  return undefined;
}

export const personRoles = {
  'suspected-exploiter': 'Suspected exploiter',
  associate: 'Associate',
  'family-member': 'Family member',
  'peer-at-risk': 'Peer at risk',
  other: 'Other or not known',
} as const;

export const locationKinds = {
  hotspot: 'Hotspot',
  'safe-space': 'Safe space',
  venue: 'Venue',
  hotel: 'Hotel',
  takeaway: 'Takeaway',
  'taxi-firm': 'Taxi firm',
  school: 'School',
  'address-of-concern': 'Address of concern',
} as const;

export const organisationKinds = {
  business: 'Business',
  'place-of-work': 'Place of work',
  'taxi-firm': 'Taxi firm',
  school: 'School or college',
  other: 'Other',
} as const;

/** The significant events of a child's history (DOMAIN §6: dates and times of significant events). */
export const eventKinds = {
  'police-contact': 'Police contact',
  arrest: 'Arrest',
  'victim-of-crime': 'Victim of crime',
  'found-in-concerning-circumstances': 'Found in concerning circumstances',
  'hospital-attendance': 'Hospital attendance',
  'school-exclusion': 'School exclusion',
  disclosure: 'Disclosure',
  other: 'Other',
} as const;

export const nrmStatuses = {
  'not-referred': 'Not referred to the NRM',
  referred: 'Referred to the NRM, awaiting decision',
  'reasonable-grounds-positive': 'Positive reasonable grounds decision',
  'reasonable-grounds-negative': 'Negative reasonable grounds decision',
  'conclusive-grounds-positive': 'Positive conclusive grounds decision',
  'conclusive-grounds-negative': 'Negative conclusive grounds decision',
} as const;

export const investigationKinds = { s47: 'Child protection (section 47)', criminal: 'Criminal' } as const;
export const investigationOutcomes = {
  ongoing: 'Ongoing',
  nfa: 'No further action (NFA)',
  charged: 'Charged',
  convicted: 'Convicted',
  cautioned: 'Cautioned',
  'community-resolution': 'Community resolution',
  'child-protection-plan': 'Child protection plan',
  other: 'Other',
} as const;

export const returnInterviews = {
  'not-offered': 'Not offered',
  offered: 'Offered',
  completed: 'Completed',
  declined: 'Declined',
} as const;

// DOMAIN §3.2, §6: an NRM decision date needs a referral date on or before it; a referred status needs the referral date
export function nrmDatesError(status: string, referredOn?: string, decisionOn?: string): { field: string; message: string } | undefined {
  if (status === 'not-referred' && (referredOn || decisionOn))
    return { field: 'nrmReferredOn', message: 'Remove the NRM dates, or choose the NRM status that applies' };
  if (status !== 'not-referred' && !referredOn) return { field: 'nrmReferredOn', message: 'Enter the date of the NRM referral' };
  if (status.includes('grounds') && !decisionOn) return { field: 'nrmDecisionOn', message: 'Enter the date of the NRM decision' };
  if (status === 'referred' && decisionOn) return { field: 'nrmDecisionOn', message: 'A referral awaiting a decision has no decision date' };
  if (referredOn && decisionOn && decisionOn < referredOn)
    return { field: 'nrmDecisionOn', message: 'Date of the NRM decision must be the same as or after the referral' };
  return undefined;
}

// DOMAIN §6 (audit, §8): a link is removed from use, never deleted, and the reason is recorded
export function removalReasonError(reason: string): { field: string; message: string } | undefined {
  const r = reason.trim();
  if (!r) return { field: 'reason', message: 'Enter why the link is being removed' };
  if (r.length > 1000) return { field: 'reason', message: 'Reason must be 1000 characters or fewer' };
  return undefined;
}

type MergeCandidate = { id: string; kind: string; mergedInto: string | null };

// DOMAIN §6: only two different person records, neither already merged, are merged into one
export function mergeError(kept: MergeCandidate, duplicate: MergeCandidate): { field: string; message: string } | undefined {
  if (kept.id === duplicate.id) return { field: 'duplicateId', message: 'Choose a different person: a record cannot be merged with itself' };
  if (kept.kind !== 'person' || duplicate.kind !== 'person') return { field: 'duplicateId', message: 'Only two people of concern can be merged' };
  if (kept.mergedInto || duplicate.mergedInto) return { field: 'duplicateId', message: 'That person has already been merged into another record' };
  return undefined;
}

type MovableLink = { id: string; otherEnd: string; relation: string };

// DOMAIN §6: on a merge every link moves to the kept record, except a link between the two (it would join a record to itself) and one the kept record already has (the same other end and relation), which are removed
export function planLinkMove(
  keptId: string,
  duplicateLinks: MovableLink[],
  keptLinks: { otherEnd: string; relation: string }[],
): { move: string[]; remove: { id: string; reason: string }[] } {
  const have = new Set(keptLinks.map((l) => `${l.otherEnd}|${l.relation}`));
  const move: string[] = [];
  const remove: { id: string; reason: string }[] = [];
  for (const l of duplicateLinks) {
    const key = `${l.otherEnd}|${l.relation}`;
    if (l.otherEnd === keptId) remove.push({ id: l.id, reason: 'Merged: this linked the two records that were merged' });
    else if (have.has(key)) remove.push({ id: l.id, reason: 'Merged: the kept record already had this link' });
    else {
      move.push(l.id);
      have.add(key);
    }
  }
  return { move, remove };
}
