import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
    }
    form {
      display: grid;
      padding: var(--_space);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    h3 {
      margin: 0 0 var(--_space);
      font-size: 1em;
    }
    p {
      margin: 0;
    }
    fieldset {
      border: none;
      margin: 0;
      padding: 0;
    }
    legend {
      font-weight: 600;
      padding: 0;
      margin-bottom: 4px;
    }
    .kinds {
      display: flex;
      flex-wrap: wrap;
      gap: 4px calc(var(--_space) * 2);
    }
    .kinds label {
      min-height: max(24px, var(--_target));
      cursor: pointer;
    }
    label:has(input[aria-disabled='true']) {
      cursor: not-allowed;
    }
    fieldset[aria-invalid='true'] .kinds {
      outline: 2px solid var(--_danger);
      outline-offset: 2px;
      border-radius: var(--_radius);
    }
    .help {
      font-size: 0.875em;
    }
    [part~='unavailable'],
    .closed-meanwhile {
      margin-bottom: var(--_space);
    }
    .closed-meanwhile {
      padding: var(--_space);
      border: 2px solid var(--_danger);
      border-radius: var(--_radius);
      background: var(--_surface-alt);
    }
    textarea[readonly] {
      background: var(--_surface-alt);
    }
    [part~='footer'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space);
      align-items: center;
      margin-top: var(--_space);
    }
    @media (forced-colors: active) {
      fieldset[aria-invalid='true'] .kinds,
      .closed-meanwhile {
        border-color: CanvasText;
        outline-color: CanvasText;
      }
    }
  `,
];
