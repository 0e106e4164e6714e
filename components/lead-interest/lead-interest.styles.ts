import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
      --_cold: var(--lead-interest-cold, #0b5cad);
      --_warm: var(--lead-interest-warm, #9a6700);
      --_hot: var(--lead-interest-hot, #b42318);
      --_not-set: var(--lead-interest-not-set, #57606a);
    }
    fieldset {
      border: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space);
      align-items: center;
    }
    legend {
      font-weight: 600;
      float: left;
      margin-inline-end: var(--_space);
    }
    label {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      min-height: max(24px, var(--_target));
      padding: 0 10px 0 6px;
      border: 1px solid var(--_border);
      border-radius: 999px;
      cursor: pointer;
    }
    label:has(input:checked) {
      border-width: 2px;
      font-weight: 600;
    }
    .dot {
      width: 12px;
      height: 12px;
      border-radius: 50%;
      background: var(--_c);
      border: 1px solid var(--_c);
    }
    .dot[data-interest='not-set'] {
      background: transparent;
      border: 2px solid var(--_c);
    }
    [data-interest='cold'] {
      --_c: var(--_cold);
    }
    [data-interest='warm'] {
      --_c: var(--_warm);
    }
    [data-interest='hot'] {
      --_c: var(--_hot);
    }
    [data-interest='not-set'] {
      --_c: var(--_not-set);
    }
    @media (forced-colors: active) {
      .dot {
        forced-color-adjust: none;
      }
    }
  `,
];
