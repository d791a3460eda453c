/** A TCP port on 127.0.0.1 that was free a moment ago (for a server the test starts next). */
export { freePort } from '../../stack/free-port.js';
