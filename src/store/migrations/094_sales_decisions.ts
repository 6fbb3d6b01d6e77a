/**
 * Sales decisions that stick: a rep's disqualification (kept until a rep reopens the lead,
 * unlike leadloop's own `disqualified`) and why a rep last returned a lead to marketing
 * (told to the rep who gets it back).
 */
export const up = `
ALTER TABLE leads ADD COLUMN disqualified_by_sales boolean NOT NULL DEFAULT false;
ALTER TABLE leads ADD COLUMN recycle_reason text;
`;
