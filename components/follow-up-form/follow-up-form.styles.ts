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
      gap: 0;
      padding: var(--_space);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    h3 {
      margin: 0 0 var(--_space);
      font-size: 1em;
    }
    .row {
      display: flex;
      gap: var(--_space);
      flex-wrap: wrap;
    }
    [part~='footer'] {
      display: flex;
      gap: var(--_space);
      align-items: center;
      margin-top: var(--_space);
    }
  `,
];
