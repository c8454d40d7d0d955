import { CSV_BYTE_ORDER_MARK, csvField, csvFileName, neutraliseFormula, toCsv } from './index';

describe('CSV writer (RFC 4180, UTF-8 with BOM, formula injection defused)', () => {
  it('quotes fields holding a comma, a double quote, CR or LF, and doubles the quote', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField('carriage\rreturn')).toBe('"carriage\rreturn"');
  });

  it('writes numbers unformatted and null, undefined and non-finite numbers as empty fields', () => {
    expect(csvField(1234.5)).toBe('1234.5');
    expect(csvField(-3.5)).toBe('-3.5'); // a number, not text: not defused
    expect(csvField(0)).toBe('0');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ])('defuses the text cell %j with a leading quote', (cell, written) => {
    expect(csvField(cell)).toBe(written);
  });

  it('leaves text that only contains a trigger character later on alone', () => {
    expect(neutraliseFormula('a=b')).toBe('a=b');
    expect(neutraliseFormula('jane@example.com')).toBe('jane@example.com');
    expect(neutraliseFormula('')).toBe('');
  });

  it('writes the header and rows with CRLF after every record, after a byte order mark, padding short rows', () => {
    const csv = toCsv(['Question', 'Times asked'], [['how can i volunteer', 42], ['hours, please', 7], ['only one cell']]);

    expect(csv.startsWith(CSV_BYTE_ORDER_MARK)).toBe(true);
    expect(csv.slice(1)).toBe('Question,Times asked\r\nhow can i volunteer,42\r\n"hours, please",7\r\nonly one cell,\r\n');
  });

  it('keeps non-ASCII text as it is (the file is UTF-8)', () => {
    expect(toCsv(['Frage'], [['Öffnungszeiten – 営業時間']]).slice(1)).toBe('Frage\r\nÖffnungszeiten – 営業時間\r\n');
  });

  it('names a file <tenant>-<what>-<start>_<end>.csv with nothing a path or header could misread', () => {
    expect(csvFileName({ tenant: 'FOS402334', name: 'conversations-trend', startDate: '2026-11-19', endDate: '2026-11-25' })).toBe('FOS402334-conversations-trend-2026-11-19_2026-11-25.csv');
    expect(csvFileName({ tenant: '../evil"; x', name: 'a/b', startDate: '2026-11-19', endDate: '2026-11-25' })).toBe('evil-x-a-b-2026-11-19_2026-11-25.csv');
  });
});
