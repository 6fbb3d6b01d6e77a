import { CRM_KINDS } from '../../connectors';
/**
 * Why a console password is refused, or null (issue 24, item 9: twelve spaces passed). NIST
 * SP 800-63B §5.1.1.2 (https://pages.nist.gov/800-63-3/sp800-63b.html): a minimum length,
 * no composition rules, and a check against values known to be common or easy to guess —
 * repeated or sequential characters, context words, breached passwords. The list here is
 * small on purpose: the shapes below catch the bulk of the most-used passwords.
 */
const COMMON = [
  'password',
  'passw0rd',
  'letmein',
  'welcome',
  'qwerty',
  'azerty',
  'iloveyou',
  'admin',
  'administrator',
  'leadloop',
  'changeme',
  'secret',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'superman',
  'trustno1',
  'contraseña',
  'contrasena',
  ...CRM_KINDS,
];

const KEYBOARD_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdefghijklmnopqrstuvwxyz'];

export const MIN_PASSWORD_LENGTH = 12;

export function passwordProblem(password: string, context: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 1024) return 'the password may have at most 1024 characters';
  if (!password.trim()) return 'the password is only spaces';
  const folded = password.toLowerCase().replace(/\s+/g, '');
  if (new Set(folded).size < 5)
    return 'the password repeats too few different characters (use a passphrase of several words)';
  // what is left once common words, sequences and repeats are taken out must still be long
  let rest = folded;
  for (const word of [...context.map((c) => c.toLowerCase()).filter((c) => c.length >= 3), ...COMMON])
    rest = rest.split(word).join('');
  for (const row of KEYBOARD_ROWS) {
    for (const line of [row, [...row].reverse().join('')]) {
      for (let size = line.length; size >= 4; size--) {
        for (let at = 0; at + size <= line.length; at++) rest = rest.split(line.slice(at, at + size)).join('');
      }
    }
  }
  rest = rest.replace(/(.)\1{2,}/g, '$1').replace(/(..+?)\1+/g, '$1');
  if (rest.length < 8)
    return 'the password is too easy to guess (common words, keyboard runs or repeats); use a passphrase of several unrelated words';
  return null;
}
