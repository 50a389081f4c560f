// DOMAIN §4, §5, §6: the reports the product builds. Which of them a partnership has is its configuration
// (`reports` in src/partnerships/*.ts), never a test of its id or its instruments. The kinds' names are
// part of their addresses (/reports/<kind>) and stay as they are.

/** Staffordshire's bi-monthly panel data report; LLR's FORM document and Monthly data set; Rotherham's MACE figures. */
export const reportKinds = ['bi-monthly', 'form', 'monthly', 'rotherham'] as const;
export type ReportKind = (typeof reportKinds)[number];
