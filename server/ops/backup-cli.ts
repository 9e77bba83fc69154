/**
 * `npm run backup -- [directory]`: a consistent copy of the database, safe while Tablée
 * runs, into the directory (default DATA_DIR/backups). Prints the file made.
 * `npm run restore -- <file>`: puts a backup in place while Tablée is stopped.
 * `npm run data:accept`: after a crash, starts from tablee.db as it is (see acceptDataDir).
 */
import { join } from 'node:path';
import { readConfig } from '../config.ts';
import { acceptDataDir, backupDatabase, restoreDatabase } from './backup.ts';

const [command, arg] = process.argv.slice(2);
try {
	const { dataDir } = readConfig(process.env);
	if (command === 'backup') {
		const result = await backupDatabase({ dataDir, destDir: arg ?? join(dataDir, 'backups') });
		console.log(`Backup of installation ${result.installation} written: ${result.file} (${result.bytes} bytes)`);
	} else if (command === 'restore' && arg) {
		const result = restoreDatabase({ dataDir, backupFile: arg });
		console.log(`Restored installation ${result.installation} into ${dataDir}.`);
		if (result.movedAside) console.log(`The files that were there are kept in ${result.movedAside}.`);
		console.log('Start Tablée again (npm start).');
	} else if (command === 'accept') {
		const result = acceptDataDir({ dataDir });
		console.log(`tablee.db of installation ${result.installation} accepted as it is. Start Tablée again (npm start).`);
	} else {
		console.error('Usage: npm run backup -- [directory]  |  npm run restore -- <backup file>  |  npm run data:accept');
		process.exitCode = 2;
	}
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
}
