/** `npm run dev`: Vite's dev middleware in place of the built handler, same port, same server. */
import { createServer as createVite } from 'vite';
import { boot } from './boot.ts';
import { readConfig } from './config.ts';

const vite = await createVite({ server: { middlewareMode: true }, appType: 'custom' });
// In development, webhooks may target a receiver on this machine (docs/partners-api.md).
await boot(readConfig({ TABLEE_WEBHOOKS_LOCAL: 'true', ...process.env }), vite.middlewares);
