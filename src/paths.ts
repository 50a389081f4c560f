/** Every URL the app builds comes from here; templates never concatenate URLs. No personal data goes in a path. */
export const paths = {
  home: () => '/',
  signIn: () => '/sign-in',
  signOut: () => '/sign-out',
  signedOut: () => '/signed-out',
  /** Issue 16: sign-in through a partnership's identity provider (the partnership's id, never a person's). */
  oidcStart: (partnershipId: string) => `/auth/oidc/${partnershipId}`,
  oidcCallback: (partnershipId: string) => `/auth/oidc/${partnershipId}/callback`,
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
    /** Issue 16 item 13: the subject access copy's request (from the audit page). */
    subjectAccess: (id: string) => `/children/${id}/subject-access`,
    /** Issue 14: close a record (no longer open to MACE) and reopen it. */
    close: (id: string) => `/children/${id}/close`,
    reopen: (id: string) => `/children/${id}/reopen`,
    /** Bulk import: the upload form, then the upload's preview (or result) under an opaque id. */
    import: () => '/children/import',
    importPreview: (id: string) => `/children/import/${id}`,
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
  /** Issue 15 item 22: the CSE service offer (DOMAIN §3.4). */
  cse: {
    forChild: (childId: string) => `/children/${childId}/cse-service`,
    sessions: (childId: string, programmeId: string) => `/children/${childId}/cse-service/${programmeId}/sessions`,
    extend: (childId: string, programmeId: string) => `/children/${childId}/cse-service/${programmeId}/extend`,
    end: (childId: string, programmeId: string) => `/children/${childId}/cse-service/${programmeId}/end`,
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
      const qs = new URLSearchParams(
        Object.entries(query)
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([k, v]) => [k, String(v)]),
      ).toString();
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
    /** A one-off change of who chairs or deputises for one meeting, and undoing it (issue 15, item 20). */
    chair: (id: string) => `/meetings/${id}/chair`,
    chairUndo: (id: string) => `/meetings/${id}/chair/undo`,
    members: (id: string) => `/meetings/series/${id}/members`,
    /** A series' chair rota (issue 15, item 20). */
    chairs: (id: string) => `/meetings/series/${id}/chairs`,
    /** The list's filters (a series and a period) are not personal data, so they may be in the query. */
    list: (query: { series?: string; weeks?: number } = {}) => {
      const qs = new URLSearchParams(
        Object.entries(query)
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([k, v]) => [k, String(v)]),
      ).toString();
      return qs ? `/meetings?${qs}` : '/meetings';
    },
  },
  actions: {
    /** The list's filters (owner me/anyone, agency, status, overdue), sort and page are not personal data, so they may be in the query. */
    index: (
      query: {
        owner?: string;
        ownerUser?: string;
        agency?: string;
        status?: string;
        overdue?: string;
        series?: string;
        sort?: string;
        order?: string;
        page?: number;
      } = {},
      base = '/actions',
    ) => {
      const qs = new URLSearchParams(
        Object.entries(query)
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([k, v]) => [k, String(v)]),
      ).toString();
      return qs ? `${base}?${qs}` : base;
    },
    /** CSV of every action the same filters select. */
    export: (
      query: { owner?: string; ownerUser?: string; agency?: string; status?: string; overdue?: string; series?: string; sort?: string; order?: string } = {},
    ): string => paths.actions.index(query, '/actions/export.csv'),
    /** Overdue actions counted per owner, per agency and per series. */
    overdue: () => '/actions/overdue',
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
  agenda: {
    show: (occurrenceId: string) => `/meetings/${occurrenceId}/agenda`,
    /** With a child's id (from their referral), that child is chosen already. */
    addChild: (occurrenceId: string, childId?: string) => `/meetings/${occurrenceId}/agenda/add-child${childId ? `?child=${childId}` : ''}`,
    /** The child record's Meetings tab: agenda items naming the child and what the meetings decided. */
    forChild: (childId: string) => `/children/${childId}/meetings`,
    addGroup: (occurrenceId: string) => `/meetings/${occurrenceId}/agenda/add-group`,
    addLocation: (occurrenceId: string) => `/meetings/${occurrenceId}/agenda/add-location`,
    move: (occurrenceId: string) => `/meetings/${occurrenceId}/agenda/move`,
    publish: (occurrenceId: string) => `/meetings/${occurrenceId}/agenda/publish`,
    item: (itemId: string) => `/agenda-items/${itemId}`,
    removeItem: (itemId: string) => `/agenda-items/${itemId}/remove`,
    /** A member's answer to the invitation (accept, or decline naming a deputy); coordinators see every answer. */
    invitation: (occurrenceId: string) => `/meetings/${occurrenceId}/invitation`,
  },
  /** Issue #5: the meeting itself and its minutes (owned by features/meeting-room). */
  meetingRoom: {
    room: (id: string) => `/meetings/${id}/room`,
    open: (id: string) => `/meetings/${id}/room/open`,
    accept: (id: string) => `/meetings/${id}/room/accept`,
    attendance: (id: string) => `/meetings/${id}/room/attendance`,
    acceptFor: (id: string, attendanceId: string) => `/meetings/${id}/room/attendance/${attendanceId}/accept`,
    close: (id: string) => `/meetings/${id}/room/close`,
    item: (id: string, itemId: string) => `/meetings/${id}/items/${itemId}`,
    contributions: (id: string, itemId: string) => `/meetings/${id}/items/${itemId}/contributions`,
    decision: (id: string, itemId: string) => `/meetings/${id}/items/${itemId}/decision`,
    newAction: (id: string, itemId: string) => `/meetings/${id}/items/${itemId}/actions`,
    status: (id: string, itemId: string) => `/meetings/${id}/items/${itemId}/status`,
    /** A multipart form cannot carry its CSRF token in a body the app parses: the token goes in the query (not personal data). */
    recordings: (id: string, itemId: string) => `/meetings/${id}/items/${itemId}/recordings`,
    recording: (id: string, recordingId: string) => `/meetings/${id}/recordings/${recordingId}`,
    minutes: (id: string) => `/meetings/${id}/minutes`,
    approveMinutes: (id: string) => `/meetings/${id}/minutes/approve`,
    sendMinutes: (id: string) => `/meetings/${id}/minutes/send`,
  },
  /** Issue #5: reviews and deadlines due and overdue (owned by features/reviews). */
  reviews: {
    /** The dashboard's filters (district, due/overdue/all, kind) are not personal data, so they may be in the query. */
    index: (query: { district?: string; show?: string; kind?: string; page?: number } = {}) => {
      const qs = new URLSearchParams(
        Object.entries(query)
          .filter(([k, v]) => v !== undefined && v !== '' && !(k === 'page' && v === 1))
          .map(([k, v]) => [k, String(v)]),
      ).toString();
      return qs ? `/reviews?${qs}` : '/reviews';
    },
    /** Rotherham: record the CE risk assessment completed or updated in a multi-agency meeting. */
    ceAssessment: (childId: string) => `/reviews/children/${childId}/ce-risk-assessment`,
  },
  /** Issue #6: intelligence records and links (owned by features/intelligence). */
  intelligence: {
    index: () => '/intelligence',
    search: () => '/intelligence/search',
    kind: (kind: string) => `/intelligence/kinds/${kind}`,
    /** Ids only in linkFrom ("child:<uuid>" or "record:<uuid>"): the new record is linked once added. */
    newRecord: (kind?: string, linkFrom?: string) =>
      `${kind ? `/intelligence/records/new/${kind}` : '/intelligence/records/new'}${linkFrom ? `?linkFrom=${encodeURIComponent(linkFrom)}` : ''}`,
    record: (id: string) => `/intelligence/records/${id}`,
    edit: (id: string) => `/intelligence/records/${id}/edit`,
    newLink: (fromType: string, fromId: string) => `/intelligence/links/new/${fromType}/${fromId}`,
    linkSearch: (fromType: string, fromId: string) => `/intelligence/links/new/${fromType}/${fromId}/search`,
    linkTo: (fromType: string, fromId: string, toType: string, toId: string) => `/intelligence/links/new/${fromType}/${fromId}/${toType}/${toId}`,
    /** from ("child:<uuid>" or "record:<uuid>", ids only): the page to go back to. */
    editLink: (id: string, from?: string) => `/intelligence/links/${id}/edit${from ? `?from=${encodeURIComponent(from)}` : ''}`,
    removeLink: (id: string, from?: string) => `/intelligence/links/${id}/remove${from ? `?from=${encodeURIComponent(from)}` : ''}`,
    merge: (id: string) => `/intelligence/records/${id}/merge`,
    mergeWith: (id: string, otherId: string) => `/intelligence/records/${id}/merge/${otherId}`,
    associations: (childId: string) => `/children/${childId}/associations`,
    events: (childId: string) => `/children/${childId}/events`,
    /** type: significant-events, trafficking, investigations, missing (missing episodes are added on paths.missing.forChild). */
    newHistory: (childId: string, type: string) => `/children/${childId}/${type}/new`,
    history: (childId: string, type: string, id: string) => `/children/${childId}/${type}/${id}`,
  },
  /** Issue #6: network graph, locations map, panel pack, not yet referred (owned by features/network). */
  network: {
    index: () => '/network',
    /** A network page's filters as a query string (repeated `kind`), empty values left out: not personal data. */
    query: (query: Record<string, unknown>): string => {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) for (const x of ([] as unknown[]).concat(v ?? [])) if (x !== undefined && x !== '') qs.append(k, String(x));
      return qs.toString() ? `?${qs.toString()}` : '';
    },
    /** The filters (depth, kinds, period) are not personal data, so they may be in the query. */
    child: (childId: string, query: { depth?: number | string; kind?: string[]; period?: string } = {}) =>
      `/children/${childId}/network${paths.network.query(query)}`,
    district: (districtId: string, query: { depth?: number | string; kind?: string[]; period?: string } = {}) =>
      `/network/districts/${districtId}${paths.network.query(query)}`,
    meeting: (occurrenceId: string, query: { depth?: number | string; kind?: string[]; period?: string } = {}) =>
      `/network/meetings/${occurrenceId}${paths.network.query(query)}`,
    groups: (query: { period?: string } = {}) => `/network/linked-children${paths.network.query(query)}`,
    locations: (query: { district?: string; period?: string } = {}) => `/network/locations${paths.network.query(query)}`,
    notYetReferred: () => '/network/not-yet-referred',
    panelPack: (childId: string) => `/children/${childId}/panel-pack`,
    api: {
      child: (childId: string) => `/api/v1/network/children/${childId}`,
      district: (districtId: string) => `/api/v1/network/districts/${districtId}`,
      meeting: (occurrenceId: string) => `/api/v1/network/meetings/${occurrenceId}`,
    },
  },
  /** Issue #7: reports, dashboards, exports (owned by features/reports). */
  reports: {
    index: () => '/reports',
    /** A report's period form, or the report itself when the query names a period (dates, district id, mode: no personal data). */
    report: (kind: string, query: Record<string, string> = {}) => `/reports/${kind}${reportQuery(query)}`,
    trace: (kind: string, query: Record<string, string>) => `/reports/${kind}/trace${reportQuery(query)}`,
    export: (kind: string, query: Record<string, string>) => `/reports/${kind}/export${reportQuery(query)}`,
    trainingNeeds: () => '/reports/training-needs',
    /** Issue 15 item 21: the good practice and gaps of a report's period (the query names the period and district). */
    commentary: (kind: string, query: Record<string, string>) => `/reports/${kind}/commentary${reportQuery(query)}`,
    rfmPdf: (assessmentId: string) => `/exports/rfm/${assessmentId}`,
    agendaPdf: (occurrenceId: string) => `/exports/agenda/${occurrenceId}`,
    minutesPdf: (occurrenceId: string) => `/exports/minutes/${occurrenceId}`,
  },
  /** Issue #7: a meeting's document pack, sent to its members before the deadline (DOMAIN §5). */
  packs: {
    send: (occurrenceId: string) => `/meetings/${occurrenceId}/pack`,
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
  /** Issue 16 item 12: records falling due for erasure (coordinators). */
  retention: () => '/retention',
  /** Issue 14: the national tracker's alerts (owned by features/tracker); an alert id is the tracker's, never personal data. */
  tracker: {
    index: (page?: number) => (page && page > 1 ? `/tracker?page=${page}` : '/tracker'),
    alert: (id: string) => `/tracker/alerts/${id}`,
    transfer: (id: string) => `/tracker/alerts/${id}/transfer`,
  },
};

/** Issue #7: a report's query string (keys in a fixed order, empty values left out). */
function reportQuery(query: Record<string, string>): string {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '' && v !== undefined)).toString();
  return q ? `?${q}` : '';
}
