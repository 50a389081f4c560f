// Staffordshire's pathway after a Risk Factor Matrix (DOMAIN §3.3; sources 000 and 001).
// Pass the band the professional judgement settled on (DOMAIN §3.2), not necessarily the
// scored one. Contact details for each route are partnership configuration.

import type { RfmBand, RiskType } from '../rfm/types.ts';

export type StaffordshireDistrict =
  'newcastle' | 'moorlands' | 'stafford' | 'cannock' | 'south-staffordshire' | 'tamworth' | 'lichfield' | 'east-staffordshire';

export const STAFFORDSHIRE_DISTRICTS: readonly StaffordshireDistrict[] = [
  'newcastle',
  'moorlands',
  'stafford',
  'cannock',
  'south-staffordshire',
  'tamworth',
  'lichfield',
  'east-staffordshire',
];

type YosPreventionTeam = 'north' | 'east';

/** "(Newcastle, Moorlands & Stafford)" → North; "(Cannock, South staffs, Tamworth, Lichfield & East Staffordshire)" → East. */
const YOS_PREVENTION_TEAM_BY_DISTRICT: Readonly<Record<StaffordshireDistrict, YosPreventionTeam>> = {
  newcastle: 'north',
  moorlands: 'north',
  stafford: 'north',
  cannock: 'east',
  'south-staffordshire': 'east',
  tamworth: 'east',
  lichfield: 'east',
  'east-staffordshire': 'east',
};

type StaffordshireRouteId =
  | 'partner-agency-referrals'
  | 'early-intervention'
  | 'consider-early-help-assessment'
  | 'ce-coordinators'
  | 'early-help-or-scass-referral'
  | 'scass-referral'
  | 'yos-prevention-north'
  | 'yos-prevention-east'
  | 'catch22'
  | 'ce-team-referral';

interface PathwayRoute {
  readonly id: StaffordshireRouteId;
  readonly title: string;
  readonly reason: string;
  /** True when the source says "must"/"ALL … to be sent"; false for "consider"/"can". */
  readonly required: boolean;
}

export interface StaffordshirePathwayInput {
  readonly band: RfmBand;
  readonly riskType: RiskType;
  readonly district: StaffordshireDistrict;
  readonly openToChildrensServices: boolean;
  readonly hasAllocatedSocialWorker: boolean;
}

// DOMAIN §3.3: a Staffordshire district id is one of the eight districts
export function isStaffordshireDistrict(value: unknown): value is StaffordshireDistrict {
  return typeof value === 'string' && (STAFFORDSHIRE_DISTRICTS as readonly string[]).includes(value);
}

// DOMAIN §3.3: every route that applies after an RFM, each with its reason (none → no pathway)
export function staffordshirePathway(input: StaffordshirePathwayInput): PathwayRoute[] {
  if (!isStaffordshireDistrict(input.district)) {
    throw new RangeError(`Unknown Staffordshire district: ${JSON.stringify(input.district)}`);
  }
  const routes: PathwayRoute[] = [];
  const { band, riskType } = input;
  if (band === 'none') return routes;

  if (band === 'vulnerable') {
    routes.push(
      {
        id: 'partner-agency-referrals',
        title: 'Consider support needs and referrals to partner agencies',
        reason: 'Vulnerable to exploitation: consider support needs when making referrals to partner agencies you are responsible for.',
        required: false,
      },
      {
        id: 'early-intervention',
        title: 'Early intervention by trusted professionals',
        reason: 'Vulnerable to exploitation: early intervention is key and embeds best when delivered by trusted professionals already supporting the child.',
        required: false,
      },
      {
        id: 'consider-early-help-assessment',
        title: 'Consider an Early Help Assessment',
        reason: 'Vulnerable to exploitation: consider completing an Early Help Assessment.',
        required: false,
      },
    );
  }

  if (band === 'suspected' || band === 'evidenced') {
    const bandText = band === 'suspected' ? 'Suspected exploitation' : 'Evidenced exploitation';
    routes.push({
      id: 'ce-coordinators',
      title: 'Send the RFM to the Child Exploitation coordinators',
      reason: `${bandText}: all suspected and evidenced RFMs are sent to the CE coordinators, who triage and refer to the district MACE panel as necessary.`,
      required: true,
    });
    if (!input.openToChildrensServices) {
      routes.push({
        id: 'early-help-or-scass-referral',
        title: 'Early Help Assessment as a minimum, or a safeguarding referral to SCASS',
        reason: `${bandText} and not open to children’s services: consider an Early Help Assessment as a minimum or, if threshold is met, make a safeguarding referral to SCASS.`,
        required: false,
      });
    }
    if (band === 'evidenced' && !input.hasAllocatedSocialWorker) {
      routes.push({
        id: 'scass-referral',
        title: 'Referral to SCASS',
        reason: 'Evidenced exploitation without an allocated social worker: all evidenced exploitation risk must have a referral to SCASS.',
        required: true,
      });
    }
  }

  if (riskType === 'CCE' || riskType === 'Dual') {
    const team = YOS_PREVENTION_TEAM_BY_DISTRICT[input.district];
    routes.push(
      {
        id: team === 'north' ? 'yos-prevention-north' : 'yos-prevention-east',
        title: team === 'north' ? 'YOS Prevention (North)' : 'YOS Prevention (East)',
        reason: `Concerns of child criminal exploitation: YOS Prevention is for when the child is coming to the attention of police; the ${team === 'north' ? 'North' : 'East'} team covers this district. Use the service’s own referral form.`,
        required: false,
      },
      {
        id: 'catch22',
        title: 'Catch22 (CCE service)',
        reason: 'Concerns of child criminal exploitation: referrals can be made to Catch22 using the service’s own referral form.',
        required: false,
      },
    );
  }

  if (riskType === 'CSE' || riskType === 'Dual') {
    routes.push({
      id: 'ce-team-referral',
      title: 'CE referral form to the Child Exploitation Team',
      reason:
        'Concerns of child sexual exploitation: the RFM with the CE referral form is the referral to the CE Team, triaged at the weekly triage meeting; referrals sent without an updated RFM are not accepted.',
      required: false,
    });
  }

  return routes;
}
