/** The same look as <closed-lost-report> (controls, bar chart, table, download): one style for the reports. */
import { styles as reportStyles } from '../closed-lost-report/closed-lost-report.styles.js';

export const styles = [...reportStyles];
