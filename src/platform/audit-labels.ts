/** Plain-English names for audit actions, for the pages that list the audit trail. */
const labels: Record<string, string> = {
  'auth.sign-in': 'Signed in',
  'auth.sign-out': 'Signed out',
  'auth.token': 'Got an API token',
  'auth.second-factor': 'Entered a security code',
  'child.create': 'Added the child',
  'child.view': 'Viewed the record',
  'child.update': 'Changed the details',
  'child.search': 'Searched for children',
  'child.alias.add': 'Added an alias or nickname',
  'child.address.add': 'Added an address',
  'child.agency.add': 'Added an agency involved',
  'audit.read': 'Read the audit trail',
  'assessment.create': 'Started an assessment',
  'assessment.view': 'Viewed an assessment',
  'assessment.save': 'Saved an assessment draft',
  'assessment.submit': 'Submitted an assessment',
  'assessment.amend': 'Started an amendment',
  'rfm.review': 'Reviewed the RFM (Section E)',
  'rfm.pathway.record': 'Recorded a route',
  'missing.add': 'Recorded a missing episode',
  'referral.create': 'Made a CE referral',
  'triage.view': 'Viewed a triage item',
  'triage.decide': 'Recorded a triage decision',
  'user.create': 'Added a user',
  'user.disable': 'Disabled a user',
  'user.enable': 'Enabled a user',
  'user.reset-password': 'Reset a password',
  'user.reset-two-factor': 'Reset a security code',
  'user.two-factor-enabled': 'Turned on security codes',
  'outbox.read': 'Read the outgoing email',
};

export function auditActionLabel(action: string): string {
  return labels[action] ?? action.replace(/[.-]/g, ' ');
}
