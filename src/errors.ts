/**
 * Errors shared by every layer. An InputError is a problem with what the user gave (a theorem file, a fixture, a spec,
 * an argument): the CLI prints its one-line message and exits 2.
 */
export function inputError(message: string): Error {
  const e = new Error(message);
  e.name = 'InputError';
  return e;
}

export function isInputError(e: unknown): boolean {
  return e instanceof Error && e.name === 'InputError';
}
