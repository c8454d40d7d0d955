/**
 * Binary (code unit) order of two strings: the same in every runtime and locale, and the same as
 * SQL's, so rankings and canonical rollups agree with the golden SQL over the lake.
 */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
