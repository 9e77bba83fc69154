import type { PageServerLoad } from './$types';

// Whether to try the signed-in route: the Socket.IO handshake itself checks the session
// cookie and the canteen, so this only decides what the page offers.
export const load: PageServerLoad = ({ locals }) => ({ signedIn: locals.user !== undefined });
