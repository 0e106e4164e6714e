import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
    }
    h2 {
      margin: 0 0 var(--_space);
      font-size: 1.15em;
    }
    .count {
      font-weight: normal;
      color: var(--_muted);
    }
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: var(--_space);
    }
    .request {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface-alt);
      padding: calc(var(--_space) * 1.5);
    }
    [part~='request-decided'] {
      border-style: dashed;
    }
    h3 {
      margin: 0;
      font-size: 1.05em;
    }
    .vehicle,
    .request > p {
      margin: 2px 0;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 2px calc(var(--_space) * 2);
      margin: var(--_space) 0;
    }
    dt {
      font-weight: 600;
    }
    dd {
      margin: 0;
    }
    .notes {
      white-space: pre-wrap;
    }
    .decided {
      font-weight: 600;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: var(--_space);
      margin-top: var(--_space);
    }
    .decline-form {
      display: grid;
      gap: 4px;
      margin-top: var(--_space);
    }
    button.danger {
      border-color: var(--_danger);
      color: var(--_danger);
    }
    .status:empty {
      margin: 0;
    }
    .status:focus {
      outline: none;
    }
    .status:focus-visible {
      outline: 2px solid var(--_focus);
    }
  `,
];
