/** A tiny levelled logger: one line per event, structured fields last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type Logger = Record<Exclude<LogLevel, 'silent'>, (msg: string, fields?: Record<string, unknown>) => void>;

const ORDER = ['debug', 'info', 'warn', 'error', 'silent'] as const;

export function createLogger(level: LogLevel): Logger {
	const min = ORDER.indexOf(level);
	const at = (l: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
		if (ORDER.indexOf(l) < min) return;
		const line = `${new Date().toISOString()} ${l.padEnd(5)} ${msg}${fields ? ' ' + JSON.stringify(fields) : ''}`;
		(l === 'error' || l === 'warn' ? console.error : console.log)(line);
	};
	return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
