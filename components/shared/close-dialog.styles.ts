import { css } from 'lit';
import { tokens } from './styles.js';

export const closeDialogStyles = [
  tokens,
  css`
    :host {
      display: inline-block;
    }
    dialog {
      width: min(34rem, calc(100vw - 2rem));
      max-height: calc(100vh - 2rem);
      padding: 0;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_text);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.4);
    }
    form {
      display: grid;
      padding: calc(var(--_space) * 2);
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
    legend {
      padding: 0 4px;
    }
    .explainer {
      padding: var(--_space);
      border-left: 4px solid var(--_accent);
      background: var(--_surface-alt);
      margin: 0 0 var(--_space);
    }
    .locked-help {
      margin: 0 0 0 30px;
      font-size: 0.85em;
    }
    [part~='footer'] {
      display: flex;
      justify-content: flex-end;
      gap: var(--_space);
      margin-top: var(--_space);
    }
    [part~='unavailable'] {
      display: block;
      font-size: 0.85em;
    }
    .summary {
      margin: 0 0 var(--_space);
    }
    .closed-meanwhile {
      padding: var(--_space);
      border: 2px solid var(--_danger);
      border-radius: var(--_radius);
    }
  `,
];
