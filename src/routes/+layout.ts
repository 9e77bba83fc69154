// Everything here depends on the device (stored identity, #key, language), so pages
// render in the browser; the server only sends the small shell and the assets.
export const ssr = false;
