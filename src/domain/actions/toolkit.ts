// DOMAIN §4 (source 002 Appendix 1): the disruption and support toolkit, offered as pick-lists for actions.

export const actionKinds = ['disruption', 'support-child', 'support-family', 'other'] as const;
export type ActionKind = (typeof actionKinds)[number];

export const kindNames: Record<ActionKind, string> = {
  disruption: 'Disruption',
  'support-child': 'Support for the child',
  'support-family': 'Family support (caregivers)',
  other: 'Other action',
};

type ToolkitGroup = { kind: Exclude<ActionKind, 'other'>; heading: string; items: { id: string; text: string }[] };

const g = (kind: ToolkitGroup['kind'], prefix: string, heading: string, items: string[]): ToolkitGroup => ({
  kind,
  heading,
  items: items.map((text, i) => ({ id: `${prefix}-${i + 1}`, text })),
});

/** The toolkit grouped as in Appendix 1: disruption, support for the child (SoS tools), family support. */
export const toolkit: readonly ToolkitGroup[] = [
  g('disruption', 'mapping', 'Mapping of connectivity', [
    'Map hot spots',
    'Map venues',
    'Map adults of concern',
    'Map other children at risk',
    'Licensing for venues',
    'Licensing: taxis',
    'Licensing: food outlets',
    'Licensing: hotels',
  ]),
  g('disruption', 'housing', 'Housing', [
    'Tenancy agreements',
    'Anti-social behaviour',
    'Sub-letting',
    'Overcrowding',
    'Appropriate activity',
    'Noise disturbance',
  ]),
  g('disruption', 'police', 'Police disruption activity', [
    'Police intelligence forms',
    'Investigate and prosecute offenders',
    'Abduction orders',
    'Trafficking laws',
    'Drugs supply',
    'Trading standards (alcohol)',
    'Visiting houses',
    'Review vehicle licences, MOTs, insurance',
    'Probation (if open to probation or on licence)',
  ]),
  g('support-child', 'engagement', 'Positive engagement (person-centred activities)', [
    'Aspirations',
    'Friendship groups (eco-mapping, positive activities)',
    'Likes and dislikes (one-page profile)',
  ]),
  g('support-child', 'diversion', 'Diversion activities', [
    'Arts, crafts, creative writing, fashion',
    'Sports and physical activity',
    'Music, DJing, song writing',
    'Gaming (safe game sites)',
    'Work experience',
    'Voluntary work',
    'Organised groups',
  ]),
  g('support-child', 'communication', 'Communication styles', [
    'Texting',
    'Apps',
    'Engagement during activities',
    'Short note messages with positive encouragement',
    'Age-appropriate safety plan with danger statement',
  ]),
  g('support-child', 'interventions', 'Interventions', [
    'Extracurricular activities',
    'Sexual health, relationships and health support',
    'Identity and self-esteem work',
  ]),
  g('support-family', 'presence', 'Parental presence and supporters', [
    'Parental presence (and more professional presence)',
    'De-escalation of conflict (NVR techniques)',
    'Helpful supporters, “no secrets”, family network meetings',
  ]),
  g('support-family', 'reconciliation', 'Reconciliation gestures', [
    'Positive acts of kindness and inclusive gestures',
    'Avoid punitive and aggressive parenting styles',
    'Positive role models and family time',
    'Language of love (family culture)',
  ]),
  g('support-family', 'siblings', 'Work with siblings', ['Identify and support the needs of siblings', 'Positive time with siblings, away from the concerns']),
];

const byId = new Map(toolkit.flatMap((grp) => grp.items.map((i) => [i.id, { ...i, kind: grp.kind, heading: grp.heading }] as const)));

export function toolkitItem(id: string | null | undefined) {
  return id ? byId.get(id) : undefined;
}
