/** Number and table widgets summarize the range; this many buckets suffice (server and browser ask alike). */
export const INITIAL_SUMMARY_POINTS = 200;
