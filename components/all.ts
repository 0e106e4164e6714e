/**
 * The library entry: registers every forecourt element (each only if its tag is still free) and
 * turns sync on. `<lead-store>` comes first so elements inside it find their provider on upgrade.
 */
import './shared/enable-sync.js';
import './lead-store/define.js';
import './follow-up-form/define.js';
import './lead-progress/define.js';
import './close-lost-dialog/define.js';
import './close-won-dialog/define.js';
import './lead-interest/define.js';
import './lead-activity/define.js';
import './sync-status/define.js';
import './lead-dashboard/define.js';
import './close-request-inbox/define.js';
import './lead-notifications/define.js';
import './closed-lost-report/define.js';
import './sales-report/define.js';
import './company-settings/define.js';
import './lead-response/define.js';
