import { closeDialogStyles } from '../shared/close-dialog.styles.js';

export const styles = closeDialogStyles;
