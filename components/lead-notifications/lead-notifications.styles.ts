import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
    }
    .header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space);
      margin-bottom: var(--_space);
    }
    h2 {
      margin: 0;
      font-size: 1.15em;
    }
    .count {
      color: var(--_muted);
    }
    .count.unread {
      color: var(--_accent);
      font-weight: 600;
    }
    .count:focus {
      outline: none;
    }
    .count:focus-visible {
      outline: 2px solid var(--_focus);
    }
    [part~='mark-all'] {
      margin-inline-start: auto;
    }
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 4px;
    }
    .notice {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 0 var(--_space);
      padding: var(--_space);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .notice.unread {
      background: var(--_surface-alt);
      border-inline-start: 4px solid var(--_accent);
    }
    .notice.unread .text {
      font-weight: 600;
    }
    .text,
    .meta {
      margin: 0;
      grid-column: 1;
      overflow-wrap: anywhere;
    }
    .meta {
      color: var(--_muted);
      font-size: 0.875em;
    }
    .marker {
      color: var(--_accent);
    }
    .notice.not-applied {
      border-style: dashed;
    }
    .notice.not-applied .text {
      color: var(--_muted);
    }
    .not-applied-mark {
      font-weight: 600;
    }
    .decision {
      margin: 0;
      grid-column: 1;
      font-size: 0.875em;
      font-weight: 600;
    }
    .actions {
      grid-column: 2;
      grid-row: 1 / span 3;
      display: flex;
      gap: 4px;
      align-items: center;
    }
  `,
];
