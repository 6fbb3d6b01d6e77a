/** When sales last returned a lead: engagement before it no longer counts toward re-qualifying. */
export const up = `
ALTER TABLE leads ADD COLUMN recycled_at timestamptz;
`;
