/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): in a file name
 * they only serve to disguise it, as `x\u202Efdp.png` shows itself as `xgnp.pdf`.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]/g;
const MAX_LENGTH = 150;

/**
 * An uploaded file's name fit to store, show and send back in a Content-Disposition header: the
 * last part of any path, without control characters, bidirectional controls or quotes.
 */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(CONTROL_CHARACTERS, '').replace(BIDI_CONTROLS, '').replace(/"/g, '').trim();
  return [...clean].slice(0, MAX_LENGTH).join('') || 'file';
}
