import { cleanFilename } from './filenames';

describe('uploaded file names', () => {
  it('keeps a Persian name as it is', () => {
    expect(cleanFilename('مدارک-شناسایی.png')).toBe('مدارک-شناسایی.png');
  });

  it('strips every bidirectional control, so a name cannot show another extension', () => {
    expect(cleanFilename('x\u202Efdp.png')).toBe('xfdp.png');
    for (const control of [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ])
      expect(cleanFilename(`a${control}b.pdf`)).toBe('ab.pdf');
  });

  it('keeps the last part of a path, without control characters or quotes', () => {
    expect(cleanFilename('C:\\Users\\me\\scan.pdf')).toBe('scan.pdf');
    expect(cleanFilename('../../etc/passwd')).toBe('passwd');
    expect(cleanFilename('a\r\nb"c\u0000.png')).toBe('abc.png');
  });

  it('names a file that has no name left, and cuts a long one', () => {
    expect(cleanFilename('\u202E')).toBe('file');
    expect(cleanFilename('/')).toBe('file');
    expect([...cleanFilename('ب'.repeat(400))]).toHaveLength(150);
  });
});
