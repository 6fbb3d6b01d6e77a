/**
 * Caps on what one record of an imported file may hold (issue 24, item 9: a 44 MB CSV of
 * 3M columns took 2.5 GB). A Salesforce object holds at most 800 custom fields plus its
 * standard ones (https://help.salesforce.com/s/articleView?id=000383596&type=1, custom
 * fields per object by edition); a Lead export is far below both caps.
 */
export const MAX_COLUMNS = 2000;
/** Characters in one record (one CSV row, one JSON line). */
export const MAX_RECORD_CHARS = 1_000_000;
