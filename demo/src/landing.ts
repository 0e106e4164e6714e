import { dealershipId, leadCount, serverUrl } from './config.js';

const mode = document.querySelector('[data-demo-mode]');
if (mode) {
  mode.textContent = serverUrl
    ? `Started with npm start: the dealership "${dealershipId}" is seeded on the embedded CouchDB-compatible server at ${serverUrl}, and every page syncs its local IndexedDB with it. Log in as any demo user (the password is shown in the terminal).`
    : `Local only: on its first visit each page seeds ${leadCount.toLocaleString()} generated leads into this browser's IndexedDB (add ?leads=5000 to a page's address before the first visit, or after "Reset demo data", for more).`;
}
