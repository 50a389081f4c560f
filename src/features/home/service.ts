import type { Db } from '../../db/client.ts';
import type { PartnershipConfig } from '../../partnerships/index.ts';
import type { HolidayCalendar } from '../../domain/calendar/working-days.ts';
import type { SessionUser } from '../../platform/sessions.ts';
import { can } from '../../platform/roles.ts';
import { childrenForHome } from '../children/home.ts';
import { draftsForHome } from '../assessments/home.ts';
import { triageCountsForHome } from '../triage/home.ts';
import { actionsForHome, agencyActionsForHome, laterActionsForHome } from '../actions/home.ts';
import { lateralChecksForHome, referralsForHome } from '../panel/home.ts';
import { meetingsForHome } from '../meetings/home.ts';

/**
 * The home page's lists: the user's own recent work, each read only when their roles offer it (not audited). The
 * partnerships and bank holidays write a partnership's meeting series on its first visit.
 */
export function homeService(db: Db, partnerships: Map<string, PartnershipConfig>, calendar: HolidayCalendar) {
  return {
    async forUser(user: SessionUser) {
      const mine = can(user.roles, 'child:read') ? await childrenForHome(db, user) : [];
      // Drafts the user started and has not submitted: long forms are finished over days.
      const drafts = can(user.roles, 'assessment:write') ? await draftsForHome(db, user) : [];
      const triage = can(user.roles, 'triage:manage') ? await triageCountsForHome(db, user) : [];
      return {
        mine,
        drafts,
        triage,
        myActions: can(user.roles, 'action:read') ? await actionsForHome(db, user) : [],
        laterActions: can(user.roles, 'action:read') ? await laterActionsForHome(db, user) : 0,
        // Issue 15 §12: what is asked of an agency's responder: its lateral checks (by when) and the actions allocated to the agency.
        lateralChecks: can(user.roles, 'lateral-check:respond') ? await lateralChecksForHome(db, user, partnerships.get(user.partnershipId)!) : [],
        agencyActions: can(user.roles, 'lateral-check:respond') && can(user.roles, 'action:read') ? await agencyActionsForHome(db, user) : [],
        panelReferrals: can(user.roles, 'panel:threshold') ? await referralsForHome(db, user) : [],
        meetings: can(user.roles, 'meeting:read') ? await meetingsForHome(db, user, partnerships.get(user.partnershipId), calendar) : [],
      };
    },
  };
}
