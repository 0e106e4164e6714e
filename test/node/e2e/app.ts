/**
 * The page the end-to-end tests open in each browser context: one person's view of a lead,
 * embedded as an integrator would (one <lead-store> with the elements inside), configured from
 * the URL's hash. It exposes the lead's current state as `window.e2eLead` for the test to read.
 */
import '../../../components/all.js';
import type { LeadDoc } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';

declare global {
  interface Window {
    e2eLead: LeadDoc | null;
    e2eStore: LeadStore | null;
  }
}

const params = new URLSearchParams(location.hash.slice(1));
const dealership = params.get('dealership') ?? '';
const leadId = params.get('lead') ?? '';
window.e2eLead = null;
window.e2eStore = null;

const provider = document.createElement('lead-store');
provider.setAttribute('dealership', dealership);
provider.setAttribute('server-url', params.get('server') ?? '');
provider.setAttribute('auth', 'basic');
provider.setAttribute('user', params.get('user') ?? '');
(provider as unknown as { credentials: unknown }).credentials = {
  username: params.get('user') ?? '',
  password: params.get('password') ?? '',
};
for (const tag of (params.get('elements') ?? '').split(',').filter(Boolean)) {
  const element = document.createElement(tag);
  if (leadId) element.setAttribute('lead-id', leadId);
  provider.append(element);
}
provider.addEventListener('store-ready', (event) => {
  const store = (event as CustomEvent<{ store: LeadStore }>).detail.store;
  window.e2eStore = store;
  if (leadId) store.lead$(leadId).subscribe((lead) => (window.e2eLead = lead));
});
document.body.append(provider);
