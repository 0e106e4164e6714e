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
    fieldset {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      margin: var(--_space) 0;
      padding: var(--_space);
    }
    fieldset.all {
      border: none;
      padding: 0;
      margin: 0;
    }
    fieldset.inner {
      margin-top: 0;
    }
    legend {
      padding: 0 4px;
      font-weight: 600;
    }
    .help {
      margin: 0 0 var(--_space);
      font-size: 0.875em;
    }
    .role .help {
      margin-inline-start: 32px;
    }
    .explainer {
      padding: var(--_space);
      border-left: 4px solid var(--_accent);
      background: var(--_surface-alt);
    }
    .rows {
      margin: 0;
      padding-inline-start: 1.5em;
      display: grid;
      gap: 4px;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space);
    }
    .row .name {
      flex: 1 1 12rem;
    }
    .add {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space);
      margin-top: var(--_space);
    }
    .footer {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: flex-end;
      gap: var(--_space);
      margin-top: var(--_space);
    }
    .footer .status {
      margin-inline-end: auto;
    }
    .summary:focus {
      outline: none;
    }
    fieldset:disabled {
      opacity: 0.85;
    }
  `,
];
