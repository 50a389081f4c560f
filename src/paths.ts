/** Every URL the app builds comes from here; templates never concatenate URLs. No personal data goes in a path. */
export const paths = {
  home: () => '/',
  signIn: () => '/sign-in',
  signOut: () => '/sign-out',
  signedOut: () => '/signed-out',
  twoFactor: () => '/sign-in/two-factor',
  account: () => '/account',
  accountTwoFactor: () => '/account/two-factor',
  keepAlive: () => '/session/keep-alive',
  children: {
    search: () => '/children',
    new: () => '/children/new',
    show: (id: string) => `/children/${id}`,
    edit: (id: string) => `/children/${id}/edit`,
    aliases: (id: string) => `/children/${id}/aliases`,
    addresses: (id: string) => `/children/${id}/addresses`,
    agencies: (id: string) => `/children/${id}/agencies`,
    audit: (id: string) => `/children/${id}/audit`,
  },
  assessments: {
    forChild: (childId: string) => `/children/${childId}/assessments`,
    show: (id: string) => `/assessments/${id}`,
    amend: (id: string) => `/assessments/${id}/amend`,
  },
  rfm: {
    start: (childId: string) => `/children/${childId}/rfm/new`,
    taskList: (id: string) => `/rfm/${id}`,
    part: (id: string, part: string) => `/rfm/${id}/${part}`,
    check: (id: string) => `/rfm/${id}/check`,
    submit: (id: string) => `/rfm/${id}/submit`,
    confirmation: (id: string) => `/rfm/${id}/confirmation`,
    review: (id: string) => `/rfm/${id}/review`,
    pathway: (id: string) => `/rfm/${id}/pathway`,
    referral: (childId: string) => `/children/${childId}/ce-referral`,
  },
  missing: {
    forChild: (childId: string) => `/children/${childId}/missing`,
  },
  vat: {
    start: (childId: string) => `/children/${childId}/vat/new`,
    notForMace: (childId: string) => `/children/${childId}/vat/not-for-mace`,
    edit: (id: string) => `/vat/${id}`,
    check: (id: string) => `/vat/${id}/check`,
    submit: (id: string) => `/vat/${id}/submit`,
    amend: (id: string) => `/vat/${id}/amend`,
  },
  llr: {
    newConcern: (childId: string) => `/children/${childId}/concerns/new`,
    concern: (id: string) => `/concerns/${id}`,
    thrive: (childId: string) => `/children/${childId}/thrive/new`,
    thriveRecord: (id: string) => `/thrive/${id}`,
    thriveSubmit: (id: string) => `/thrive/${id}/submit`,
    thriveConfirmation: (id: string) => `/thrive/${id}/confirmation`,
    npaOutcome: (id: string) => `/npa-referrals/${id}/outcome`,
  },
  triage: {
    /** The inbox; its filters (district, status), sort and page are not personal data, so they may be in the query. */
    inbox: (query: { district?: string; status?: string; sort?: string; order?: string; page?: number } = {}) => {
      const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();
      return qs ? `/triage?${qs}` : '/triage';
    },
    item: (id: string) => `/triage/${id}`,
    pickUp: (id: string) => `/triage/${id}/pick-up`,
    decision: (id: string) => `/triage/${id}/decision`,
  },
  outbox: (page?: number) => (page && page > 1 ? `/admin/outbox?page=${page}` : '/admin/outbox'),
  admin: {
    users: () => '/admin/users',
    newUser: () => '/admin/users/new',
    user: (id: string) => `/admin/users/${id}`,
    disable: (id: string) => `/admin/users/${id}/disable`,
    enable: (id: string) => `/admin/users/${id}/enable`,
    resetPassword: (id: string) => `/admin/users/${id}/reset-password`,
    resetTwoFactor: (id: string) => `/admin/users/${id}/reset-two-factor`,
    userAudit: (id: string) => `/admin/users/${id}/audit`,
  },
  help: () => '/help',
};
