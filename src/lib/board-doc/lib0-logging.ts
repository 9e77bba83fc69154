/**
 * What Yjs uses of `lib0/logging` (colour markers, `print`, `warn`: a console warning when
 * it is misused), for the browser build only (vite.config.ts). lib0's own module pulls in
 * its DOM helpers and a schema library, kilobytes on every phone for a console warning.
 * The server and the tests keep lib0's module. Colours are dropped; the words are the same.
 */
export const BOLD = Symbol('bold');
export const UNBOLD = Symbol('unbold');
export const BLUE = Symbol('blue');
export const GREY = Symbol('grey');
export const GREEN = Symbol('green');
export const RED = Symbol('red');
export const PURPLE = Symbol('purple');
export const ORANGE = Symbol('orange');
export const UNCOLOR = Symbol('uncolor');

const words = (args: unknown[]) => args.filter((arg) => typeof arg !== 'symbol');

export const print = (...args: unknown[]): void => console.log(...words(args));
export const warn = (...args: unknown[]): void => console.warn(...words(args));
