// The Staffordshire & Stoke-on-Trent Child Exploitation Risk Factor Matrix as data,
// transcribed from source 001 (DOMAIN §3). The indicators (titles, descriptors and prompts)
// are the source's, word for word, including its spelling ("exploitive"); only PDF layout
// noise has been cleaned (broken lines joined, runs of spaces collapsed, bullet marks removed).
// The instructions, notices, questions and band texts keep the source's meaning with its
// spelling, capitals and punctuation corrected (issue 15 §6: "REFERAL", "tis", "RFM’s",
// "Please Complete", text in capitals), since the product shows them as its own words.
// Telephone numbers, email addresses and staff names in the source are deliberately
// left out (DOMAIN §7): a partnership's contacts are configuration, not code.

import type { IndicatorNumber, RfmBand, RfmScore, SubtotalGroup } from './types.ts';

interface RfmIndicator {
  readonly number: IndicatorNumber;
  /** The heading of the indicator's own table in the form. */
  readonly title: string;
  /** The shorter name used in the form's totals table. */
  readonly summaryTitle: string;
  readonly subtotal: SubtotalGroup;
  /** For each score, the descriptor as printed: one string per bullet point. */
  readonly descriptors: Readonly<Record<RfmScore, readonly string[]>>;
  /** Prompts for the assessor, printed in the "Multi-agency Evidence" column: one string per paragraph. */
  readonly prompts: readonly string[];
}

/** Heading of the comment column beside every indicator (DOMAIN §3.2). */
export const EVIDENCE_COLUMN_LABEL = 'Multi-agency evidence';

/** Instruction printed above the indicators (source 001). */
export const INDICATOR_INSTRUCTION =
  'For each indicator, choose the score (0, 1, 2, 3 or 4) that best describes the child’s current situation. The scores are added up to give an indication of risk.';

/** "When completing the Risk Factor Matrix:" guidance (source 001). */
export const COMPLETION_GUIDANCE = {
  heading: 'When completing the Risk Factor Matrix:',
  points: [
    'Complete the RFM as soon as risk is identified, ideally with the child present and engaged.',
    'Give as much detail as possible about why indicators have been selected in the comment boxes provided, including sources of information, whether suspected or observed and whether recent or non-recent.',
    'When selecting the risk level, if you are unsure, consult the appropriate partner agencies or seek managerial or supervisory support.',
    'It is recommended that the form is completed electronically for ease of review.',
  ],
} as const;

/** The 14 indicators, in form order (DOMAIN §3.2; source 001). */
export const RFM_INDICATORS: readonly RfmIndicator[] = [
  {
    number: 1,
    title: 'Episodes of missing from home/care/school',
    summaryTitle: 'Episodes of missing from home / care / school',
    subtotal: 'A',
    descriptors: {
      0: ['No missing episodes.'],
      1: ['Stays out late, no missing episodes.', 'Parents not aware where their child is or who they are with for long periods of the day'],
      2: ['Occasionally goes missing, whether for short or prolonged episodes'],
      3: ['Frequent and short missing episodes'],
      4: [
        'Frequent and prolonged missing episodes',
        'Found in Areas where there is no connection',
        'Believed to have missing episodes which are not being reported',
      ],
    },
    prompts: [
      'Consider the number of times missing? Where do they go? Who are they with? What are they doing? Why do they go? Is parent/carer aware of missing episodes/whereabouts? Does the parent/carer report child as missing? Are they with people of concern, any child warning abduction notices served?',
      'Please ensure Missing Intervention Meetings have been completed for 3,5 & 9 as per Missing Policy.',
    ],
  },
  {
    number: 2,
    title: 'Education/Employment/Training Attendance',
    summaryTitle: 'Education / Employment / Training Attendance',
    subtotal: 'A',
    descriptors: {
      0: [
        'Engaged / re-engaged in education or training',
        'In work or actively seeking employment',
        'Child has not been identified as having a learning need or SEND & Parent/Carer actively supports child',
      ],
      1: [
        'Is participating in education but attendance is a concern',
        'Parent/Carer engaging to improve attendance.',
        'Concerns raised by professionals and consideration being made to assess learning need /SEND',
        'Parent/Carer actively supports child’s learning need',
      ],
      2: [
        'Is on a reduced timetable, or is persistently absent',
        'Sudden noticeable change in attendance, performance or behaviour at school. Parent/Carer’s engagement with services to improve attendance but no evidence of improvement.',
        'Child undergoing pathway/diagnosed with SEND',
      ],
      3: [
        'Child is not attending school or is a NEET, child is showing an interest in accessing opportunities',
        'Parent/carer showing limited engagement',
        'Child undergoing pathway/ diagnosed with SEND or receiving support',
      ],
      4: [
        'Child is not attending school or is a NEET',
        'Shows no interest in accessing educational or training opportunities / No engagement from parent/carer.',
        'Child diagnosed with SEND or not receiving/accepting support',
      ],
    },
    prompts: [
      'Any current or previous prosecution for school attendance? What is their attendance? Any change in attitude to attending education? Details of SEND or EHCP? Is support in place? Any fixed term/permanent exclusions? Also consider any multiple schools moves as a possible vulnerability.',
    ],
  },
  {
    number: 3,
    title: 'Social Media/Internet Usage',
    summaryTitle: 'Social Media / Internet Usage',
    subtotal: 'A',
    descriptors: {
      0: ['No concerns around internet usage'],
      1: ['Some understanding of online safety but not able to apply knowledge to keep themselves safe'],
      2: [
        'Young person receives texts / calls from unknown or concerning people. Young person has become more secretive about internet usage. In possession of a mobile phone which parent / carer have no or only limited knowledge of.',
        'Young person contacted by unknown adults (male or female) in person or online/phone – any format e.g. Chat Rooms, Messaging Service, Forums, Social Media, Text.',
      ],
      3: [
        'Young person targeted online for exploitation',
        'Internet use problematic in relation to coercion and control – e.g. sites, forums promoting eating disorders, self-harm etc.',
      ],
      4: [
        'Young person has been exploited online and/or mobile technology. Young person plans to meet face to face person they know online. Multiple phone/regular changing phones and/or sim cards.',
        'DOLS in place regarding social media/internet usage.',
      ],
    },
    prompts: [
      'Details of any Apps used? Has the child got multiple accounts online? Are passwords hidden? Consider if they have been requested to send/receive any inappropriate content such as sexualised images.',
    ],
  },
  {
    number: 4,
    title: 'Accommodation & Home Relationships',
    summaryTitle: 'Accommodation & Home Relationships',
    subtotal: 'A',
    descriptors: {
      0: [
        'Child is satisfied with accommodation / home / No concerns from professionals',
        'Positive relationships and good communication',
        'Age appropriate boundaries & routines set & adhered to',
      ],
      1: [
        'Child is generally satisfied with accommodation / home /Meets most of the child’s needs - Some concerns about longer term stability',
        'Some mutual understanding and positive relationships.',
        'Age appropriate boundaries & routines set but not always adhered to',
      ],
      2: [
        'Unstable or unsuitable accommodation.',
        'Sudden negative change in quality of relationship, poor communication, strained relationship',
        'Parent/Carer starting to show signs of not having capacity to input & maintain boundaries / consequences and challenge behaviour',
      ],
      3: [
        'Frequent placement changes',
        'Poor or negative communication with young person not responding to boundaries, routines or consequences',
        'Historic abuse / neglect in family / Family Disorganisation',
        'Lack of positive role model',
      ],
      4: [
        'Homeless / unknown whereabouts',
        'Current / suspected abuse / neglect in the family',
        'Poor communication, limited warmth, attachment or trust.',
        'Age appropriate boundaries not implemented and negative behaviour not recognised – parent/carer does not have the capacity to respond',
      ],
    },
    prompts: [
      'Who does the young person reside with? Housing provider? Extent of overcrowding? Arrears? Any financial difficulties? Any known / suspected domestic abuse? Any recent deaths in the family?',
    ],
  },
  {
    number: 5,
    title: 'Peer/Adult Association',
    summaryTitle: 'Peer/Adult Association',
    subtotal: 'A',
    descriptors: {
      0: ['Engaged in positive activities/positive role models', 'May have some contact with vulnerable peers but has other positive networks'],
      1: ['Some awareness of criminal activity in their area', 'Surrounds self with mostly age appropriate and positive peers but starting to disengage'],
      2: ['Starting to associate with problematic peer group', 'Coming to the attention of services, low level ASB', 'Friends/peers victims of CSE/CCE'],
      3: [
        'Is engaging in ASB and is known to services',
        'Peers who are using substances / known by criminal justice agencies or equally, secrecy around peers',
      ],
      4: [
        'Associating with known criminal / gun crime nominals or people who pose a risk to children, links to Organised Crime',
        'Child is or is suspected to be involved in a gang/group',
      ],
    },
    prompts: ['Are they associating with older friends/ adults who may be exposing them to activities of concerns, or activities too old for their age?'],
  },
  {
    number: 6,
    title: 'Misuse of substances',
    summaryTitle: 'Misuse of Substances',
    subtotal: 'A',
    descriptors: {
      0: ['No concerns'],
      1: [
        'Some concerns about drugs or alcohol (or cigarettes in younger children), started to associate with negative peer influence where substance use is suspected.',
      ],
      2: ['Suspected problematic substance use', 'Increasing concerns around substance use'],
      3: ['Substance use known & part of daily life, unclear how this is financed', 'Sporadic engagement with support services'],
      4: [
        'Child is dependent on alcohol / drugs',
        'Found in possession of class A substances',
        'Suspected of the movement & selling of drugs',
        'Obtains drugs from older peers / family members',
        'Not engaging with support services',
      ],
    },
    prompts: ['Where do they use substances? How do they fund it? Who with? Type / class of substance? Concerns around peer influences?'],
  },
  {
    number: 7,
    title: 'Ability to identify exploitive behaviour',
    summaryTitle: 'Ability to Identify Exploitive Behaviour',
    subtotal: 'A',
    descriptors: {
      0: ['Child has a good understanding of exploitative behaviour and can use it to keep themselves safe'],
      1: ['Reasonable understanding of exploitative behaviour', 'Able to somewhat apply knowledge to keep themselves safe'],
      2: ['Some understanding of exploitative behaviour', 'Can recognise risks but unable to apply to themselves to keep safe'],
      3: ['Very limited recognition of exploitative behaviour and unable to keep themselves safe'],
      4: ['No recognition of exploitative behaviour', 'Child’s carer cannot identify or recognise the risk of exploitation'],
    },
    prompts: ['Evidence of understanding and young person’s ability to keep themselves safe, for example the completion of interventions.'],
  },
  {
    number: 8,
    title: 'Further evidence of Exploitation/Trafficking/Modern Day Slavery',
    summaryTitle: 'Further Evidence of Exploitation',
    subtotal: 'B',
    descriptors: {
      0: ['No concerns raised'],
      1: [
        'Offences committed',
        'Evidence of inappropriate sexualised behaviour and language',
        'Items have gone missing from the home',
        'Unevidenced concerns of potential for grooming',
        'Engaging in sexualised risk taking (including the internet)',
        'Over sexualised appearance – explain what this is and if this has been a recent change.',
      ],
      2: [
        'Frequenting known locations that have concerns of Child Exploitation',
        'Multiple callers (unknown adults/older young people)',
        'Child having extra money or new items that cannot be legitimately accounted for',
        'Concerns of grooming',
        'Susceptible to grooming – explain why!',
        'Previous victim of CSE/CCE',
      ],
      3: [
        'Other things unusual for the child previous Child Exploitation concerns',
        'Associating / relationship with adults who encourage emotional dependence, loyalty and isolation from safe relationship',
        'Dependency upon alleged perpetrator(s) – money, housing, food, transport, company etc.',
        'Is the country of origin or pathway to the UK concerning or vague?',
      ],
      4: [
        'People demanding money for drug debts - Affiliation with a group or gang family or young person has had to move or leave their home',
        'Evidence that s/he is coerced to recruit other children',
        'Young person may be carrying a weapon or hiding a weapon or connection with firearms',
        'Injuries – Physical or Sexual Sudden change in behaviour/ appearance. Possession of hotel/addresses - keys / cards',
        'Reports of being taken to hotels, nightclubs or out of the area by unknown adults. Entering / leaving vehicles with adults',
        'Has a National Referral Mechanism (NRM) been completed?',
        'Is there evidence that the child has been bought/sold?',
      ],
    },
    prompts: ['What are the concerns? What support is in place? Has consideration of trafficking offences been considered? Has an NRM been considered?'],
  },
  {
    number: 9,
    title: 'Mental Health / Physical Health Concerns',
    summaryTitle: 'Mental Health / Physical Health Concerns',
    subtotal: 'B',
    descriptors: {
      0: ['No known physical or mental health needs identified via assessment process/disclosure/professional knowledge'],
      1: ['Known to health services, some missed appointments', 'Universal health/support services accessed'],
      2: [
        'Some physical and mental health concerns',
        'Increased need to access health appointments',
        'Targeted health services support accessed and parent/carer engaging',
      ],
      3: [
        'Frequent use of health services',
        'Decline in physical and mental health wellbeing',
        'Sporadically accessing support services – parent/carer not fully engaged',
      ],
      4: [
        'Diagnosed illness or mental health condition',
        'Missed appointments/ support services not accessed',
        'Parent/carer not engaging with services',
        'Regular hospital admissions/treatments',
      ],
    },
    prompts: ['Evidence of self-harm and mental health? Services being offered?'],
  },
  {
    number: 10,
    title: 'Risk to Others',
    summaryTitle: 'Risk to Others',
    subtotal: 'B',
    descriptors: {
      0: ['No concerns about placing others at risk.'],
      1: ['Reduced concerns about influence on others.'],
      2: ['Some concerns raised about influence on others.'],
      3: ['Concerns raised that young person may be exposing others to risk'],
      4: ['Places others at risk.'],
    },
    prompts: ['What are the risks? Risk of serious harm to others?'],
  },
  {
    number: 11,
    title: 'Sexual Health',
    summaryTitle: 'Sexual Health',
    subtotal: 'B',
    descriptors: {
      0: ['No concerns re: sexual health'],
      1: ['Is sexually active and in an equal consensual relationship with a peer.'],
      2: ['Some sexual health concerns and engaging with sexual health services, past pregnancy scares'],
      3: ['Sexually active but is not engaging with any sexual health services. Pregnancy/terminations'],
      4: [
        'Sex is non-consensual. Child feels pressured to have sex or to engage in sexual acts in exchange for status/protection, possessions, or substances or affection. Child has many sexual partners /many tests for STIs or pregnancy. Child is under the age of 13 and cannot consent.',
      ],
    },
    prompts: [
      'Have there been any disclosures made by the child/associates? Have any concerns been reported to health/police? Have CP Medicals been considered?',
    ],
  },
  {
    number: 12,
    title: 'Ability to Safeguard – Parent/Carer',
    summaryTitle: 'Ability to Safeguard – Parent/Carer',
    subtotal: 'B',
    descriptors: {
      0: ['Parent/carer recognises risks and will report young person as missing. They have a good knowledge of exploitation.'],
      1: ['Parent/carer will mostly report young person as missing', 'Parent/carer has some knowledge of exploitation'],
      2: [
        'Parent/carer needs to be prompted to report young person as missing',
        'Parent/carer has limited understanding of exploitation',
        'Parent/carer is engaging or asking for support from services',
      ],
      3: [
        'Parent/carer fails to report young person as missing',
        'Parent/carer struggles to understand the risk around missing and exploitation',
        'Sporadic or limited engagement with services',
      ],
      4: [
        'Parent/carer doesn’t have knowledge of exploitation',
        'Parent /carer fails to report young person as missing and to recognise the risk of missing episodes',
        'Disengagement from services',
      ],
    },
    prompts: [
      'Please be aware that criminal exploitation can occur during the day too, so knowledge of whereabouts during this time is important also, not just at night.',
    ],
  },
  {
    number: 13,
    title: 'Substance Use, Physical & Mental Health and Criminality in Parents/Carers/Family',
    summaryTitle: 'Substance Use, Physical and Mental Health and Criminality – Parent/Carers/Family',
    subtotal: 'B',
    descriptors: {
      0: ['No concerns'],
      1: ['Parent/carers/wider family acknowledges concerns and are addressing the concerns'],
      2: ['Parent/carers/wider family acknowledge concerns but refuse to seek treatment or support'],
      3: ['Parent/carers/wider family do not acknowledge concerns and refuse to seek treatment or support'],
      4: [
        'Evidence suggests parental/sibling/wider family involvement in guns, gangs or drugs supply or historical/current exploitation of others',
        'Parent/carer/sibling/wider family involved in the exploitation of a child',
      ],
    },
    prompts: [
      'Is there Domestic Violence? Where do they use substances? How do they fund it? Type / class of substance? How do they fund it? Type / class of substance? What are the health concerns? Further details of criminality? How do these factors impact upon young person',
    ],
  },
  {
    number: 14,
    title: 'Parent/Carer engagement with appropriate services',
    summaryTitle: 'Parent/Carers Engagement',
    subtotal: 'B',
    descriptors: {
      0: ['Good engagement'],
      1: ['Reasonable engagement, regular contact'],
      2: ['Some engagement with services, occasional contact.'],
      3: ['Brief engagement with service: early stages or sporadic contact'],
      4: ['Not engaging with service / no contact'],
    },
    prompts: ['Disguised compliance? Highly resistant family?'],
  },
];

// DOMAIN §3.2: indicators are numbered 1–14
export function indicatorByNumber(number: number): RfmIndicator | undefined {
  return RFM_INDICATORS.find((i) => i.number === number);
}

/**
 * The RAG rating table as printed in source 001. The printed thresholds overlap at 13
 * and 40; the ranges the product applies are in scoring.ts (DOMAIN §3.2).
 */
export const RAG_RATINGS: readonly { readonly band: RfmBand; readonly text: string; readonly printedThreshold: string }[] = [
  { band: 'none', text: 'No exploitation risk – no exploitation risk identified', printedThreshold: '0-13' },
  {
    band: 'vulnerable',
    text: 'Vulnerable – risk of exploitation is possible (early intervention is required to prevent escalation)',
    printedThreshold: '13-24',
  },
  { band: 'suspected', text: 'Suspected exploitation – signs but no evidence of exploitation', printedThreshold: '25-40' },
  { band: 'evidenced', text: 'Evidenced exploitation – signs and clear evidence of exploitation', printedThreshold: '40+' },
];

/**
 * Professional Judgement (Scoring section), source 001 (DOMAIN §3.2). The source prints
 * "If yes, Why?" beside three of the four rows (not beside "Vulnerable to exploitation");
 * `reasonLabel` keeps that, while the product asks for a reason on any override.
 */
export const PROFESSIONAL_JUDGEMENT = {
  heading: 'Professional judgement (scoring section)',
  guidance:
    'Once you have completed all the sections above, consider whether the level indicated by the scores matches your concerns, using your professional judgement. If you feel the risk may be higher or lower than the scores indicate (for example, where evidence is lacking), say below whether you agree with the score or are overriding it.',
  rows: [
    { band: 'none', label: 'No exploitation risk', reasonLabel: 'If yes, why?' },
    { band: 'vulnerable', label: 'Vulnerable to exploitation', reasonLabel: null },
    { band: 'suspected', label: 'Suspected exploitation', reasonLabel: 'If yes, why?' },
    { band: 'evidenced', label: 'Evidenced exploitation', reasonLabel: 'If yes, why?' },
  ],
} as const satisfies {
  heading: string;
  guidance: string;
  rows: readonly { band: RfmBand; label: string; reasonLabel: string | null }[];
};

// ---------------------------------------------------------------------------
// Consent and information sharing, before Section A (DOMAIN §3.1)
// ---------------------------------------------------------------------------

interface ConsentOption {
  readonly value: string;
  readonly label: string;
  /** The option asks for details ("please give details below"). */
  readonly asksForDetails: boolean;
}

interface ConsentQuestion {
  readonly id: string;
  readonly question: string;
  readonly options: readonly ConsentOption[];
  /** Free-text box printed under the options, if any. */
  readonly commentsLabel: string | null;
  /** Extra fields asked for when the answer is `value`. */
  readonly followUp: { readonly whenValue: string; readonly label: string; readonly datePlaceholder: string } | null;
}

/** The three questions printed before Section A (DOMAIN §3.1), in form order. */
export const CONSENT_QUESTIONS: readonly ConsentQuestion[] = [
  {
    id: 'childConsent',
    question: 'Has the child given consent for the information held within this matrix to be shared with any other agreed support services?',
    options: [
      { value: 'yes-self', label: 'Yes – I have made the child aware', asksForDetails: false },
      {
        value: 'yes-other-professional',
        label: 'Yes – another professional has made the child aware (give details below)',
        asksForDetails: true,
      },
      {
        value: 'no-safeguarding',
        label: 'No – the child has not been made aware: information is being shared in the interest of safeguarding children',
        asksForDetails: false,
      },
    ],
    commentsLabel: 'Comments',
    followUp: null,
  },
  {
    id: 'supportReferral',
    question: 'Has a referral to Catch22, YOS Prevention or other support services been made?',
    options: [
      { value: 'no', label: 'No', asksForDetails: false },
      { value: 'yes', label: 'Yes', asksForDetails: true },
    ],
    commentsLabel: null,
    followUp: { whenValue: 'yes', label: 'Date of referral and name of service', datePlaceholder: '(Enter date)' },
  },
  {
    id: 'parentsAware',
    question: 'Have the child’s parents or carers been made aware that a referral is being made?',
    options: [
      { value: 'yes-self', label: 'Yes – I have made them aware', asksForDetails: false },
      {
        value: 'yes-other-professional',
        label: 'Yes – another professional has made them aware (give details below)',
        asksForDetails: true,
      },
      {
        value: 'no-safeguarding',
        label: 'No – they have not been made aware: information is being shared in the interest of safeguarding children',
        asksForDetails: false,
      },
    ],
    commentsLabel: 'Comments',
    followUp: null,
  },
];

/**
 * Notices printed on the form (DOMAIN §3.1, §3.2), with the source's meaning and its spelling,
 * capitals and punctuation corrected (issue 15 §6). The telephone numbers after each front door
 * are left out: the partnership's configuration supplies its contact details.
 */
export const RFM_NOTICES = {
  initialRfm: 'Initial RFMs: complete all sections',
  reviewRfm: 'Review RFMs: update Section E only, and do not add information to the other parts of the form',
  notAReferral:
    'The RFM is not a referral to children’s social care. Referrals should be made to the Children’s Advice and Duty Team for Stoke-on-Trent, and to the Children’s Advice and Support Service for Staffordshire',
  informationSharing:
    'Information relating to actual or suspected child exploitation may be shared when it is reasonable to believe that doing so will prevent a crime or safeguard children, or both. To assure a co-ordinated response that fully addresses safeguarding concerns relating to child exploitation, and to ensure appropriate support and interventions can be accessed, all relevant data should be shared and considered, as permitted by the Data Protection Act.',
  newRfmAfterThreeReviews:
    'If all 3 review sections are complete, a new Risk Factor Matrix must be completed. An RFM should only detail 6 months’ worth of information',
} as const;

// ---------------------------------------------------------------------------
// Section E – reviews (DOMAIN §3.2): judgement only, no re-scoring
// ---------------------------------------------------------------------------

/**
 * How a field is answered. 'risk-level' and 'risk-type' are "Choose an item." drop-downs
 * in the source; their values are configuration (DOMAIN §3.2).
 */
type ReviewFieldKind = 'risk-level' | 'risk-type' | 'date' | 'text' | 'textarea';

interface ReviewField {
  readonly id: string;
  readonly label: string;
  readonly kind: ReviewFieldKind;
}

// DOMAIN §3.2: Section E is printed three times, "Review 1", "Review 2" and "Review 3"
export function reviewHeading(reviewNumber: number): string {
  return `SECTION E – Review ${reviewNumber} of Child Exploitation RFM`;
}

/** The fields of one Section E review, in form order (source 001). */
export const REVIEW_FIELDS: readonly ReviewField[] = [
  { id: 'riskLevelAtLastAssessment', label: 'Risk Level at last assessment:', kind: 'risk-level' },
  { id: 'riskTypeAtLastAssessment', label: 'Risk Type at last assessment:', kind: 'risk-type' },
  { id: 'dateOfReview', label: 'Date of this Review:', kind: 'date' },
  { id: 'reviewerName', label: 'Name of person completing review', kind: 'text' },
  { id: 'reviewerContact', label: 'Contact details:', kind: 'text' },
  {
    id: 'newAssociationsAndAgencies',
    label:
      'Are there any new friends/relatives/rivals we need to know about re: current exploitation concerns? Have any agencies started to work with the child?',
    kind: 'textarea',
  },
  { id: 'howRisksHaveChanged', label: 'How have risks changed since the RFM was last completed?', kind: 'textarea' },
  { id: 'currentRiskLevel', label: 'What do you think is the current level for risk of exploitation?', kind: 'risk-level' },
  { id: 'currentRiskType', label: 'What type of risk?:', kind: 'risk-type' },
];
