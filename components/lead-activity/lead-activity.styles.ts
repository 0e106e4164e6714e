import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
    }
    h3 {
      margin: 0 0 var(--_space);
      font-size: 1em;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 6px;
    }
    li {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 2px var(--_space);
      padding: 6px var(--_space);
      border-left: 3px solid var(--_border);
      background: var(--_surface);
    }
    li[data-kind='rejection'] {
      border-left-color: var(--_danger);
    }
    li[data-kind='merge'] {
      border-left-color: var(--_pending);
    }
    li[data-kind='progress-pass'] {
      border-left-color: var(--_saved);
    }
    li[part~='entry-not-applied'] {
      border-left-style: dashed;
    }
    .not-applied {
      grid-column: 2;
    }
    time {
      color: var(--_muted);
      font-size: 0.85em;
      white-space: nowrap;
    }
    .what {
      font-weight: 600;
    }
    .body {
      grid-column: 2;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .who {
      color: var(--_muted);
      font-size: 0.85em;
    }
  `,
];
