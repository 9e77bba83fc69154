/**
 * What the browser build uses of `lib0/environment` (Yjs reads one variable, `node_env`, to
 * turn on its development checks; lib0's base64 helpers ask whether this is a browser),
 * for the browser build only (vite.config.ts), like lib0-logging.ts. lib0's own module
 * parses the page's query string and probes for colour support when it loads, code every
 * phone ran and downloaded for nothing. Same answers: a browser, not Node, and a variable
 * read from localStorage (lib0's `varStorage`, or nothing where storage is refused).
 */
export const isNode = false;
export const isBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

export function getVariable(name: string): string | null {
	try {
		return localStorage.getItem(name);
	} catch {
		return null;
	}
}
