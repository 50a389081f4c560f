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
  meetings: {
    index: () => '/meetings',
    series: (id: string) => `/meetings/series/${id}`,
    newSeries: () => '/meetings/series/new',
    occurrence: (id: string) => `/meetings/${id}`,
    move: (id: string) => `/meetings/${id}/move`,
    cancel: (id: string) => `/meetings/${id}/cancel`,
    members: (id: string) => `/meetings/series/${id}/members`,
    /** The list's filters (a series and a period) are not personal data, so they may be in the query. */
    list: (query: { series?: string; weeks?: number } = {}) => {
      const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();
      return qs ? `/meetings?${qs}` : '/meetings';
    },
  },
  actions: {
    /** The list's filters (owner me/anyone, agency, status, overdue), sort and page are not personal data, so they may be in the query. */
    index: (query: { owner?: string; agency?: string; status?: string; overdue?: string; sort?: string; order?: string; page?: number } = {}, base = '/actions') => {
      const qs = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();
      return qs ? `${base}?${qs}` : base;
    },
    /** CSV of every action the same filters select. */
    export: (query: { owner?: string; agency?: string; status?: string; overdue?: string; sort?: string; order?: string } = {}): string => paths.actions.index(query, '/actions/export.csv'),
    forChild: (childId: string) => `/children/${childId}/actions`,
    newForChild: (childId: string) => `/children/${childId}/actions/new`,
    show: (id: string) => `/actions/${id}`,
    updates: (id: string) => `/actions/${id}/updates`,
  },
  panel: {
    refer: (childId: string) => `/children/${childId}/panel-referral`,
    referral: (id: string) => `/panel-referrals/${id}`,
    fileCheck: (id: string) => `/panel-referrals/${id}/file-check`,
    threshold: (id: string) => `/panel-referrals/${id}/threshold`,
    checklist: (id: string) => `/panel-referrals/${id}/checklist`,
    lateralChecks: () => '/lateral-checks',
    lateralCheck: (id: string) => `/lateral-checks/${id}`,
  },
  /** Issue #5: the agenda of an occurrence (owned by features/agenda). */
  agenda: {},
  /** Issue #5: the meeting itself and its minutes (owned by features/meeting-room). */
  meetingRoom: {},
  /** Issue #5: reviews and deadlines due and overdue (owned by features/reviews). */
  reviews: {},
  /** Issue #6: intelligence records and links (owned by features/intelligence). */
  intelligence: {},
  /** Issue #6: network graph, locations map, panel pack, not yet referred (owned by features/network). */
  network: {},
  /** Issue #7: reports, dashboards, exports (owned by features/reports). */
  reports: {},
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
