/** Child process: the bare relay on a free port of 127.0.0.1 (see relay.ts). */
import { serveChild } from './child.ts';
import { createRelay } from './relay.ts';

const relay = createRelay();
const { port } = await relay.listen(0, '127.0.0.1');
serveChild({ port }, () => relay.close());
