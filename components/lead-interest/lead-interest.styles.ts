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
      position: relative;
      display: inline-flex;
      align-items: center;
      gap: 8px;
      min-height: max(24px, var(--_target));
      padding: 0 12px 0 10px;
      border: 1px solid var(--_border);
      border-radius: 999px;
      cursor: pointer;
    }
    /* The native radio keeps the semantics, the keyboard and the focus; the pill is its face. */
    input[type='radio'] {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      margin: 0;
      opacity: 0;
      cursor: inherit;
    }
    label:has(input:focus-visible) {
      outline: 2px solid var(--_focus);
      outline-offset: 2px;
    }
    label:has(input:checked) {
      border: 2px solid var(--_text);
      padding: 0 11px 0 9px;
      background: var(--_surface-alt);
      font-weight: 600;
    }
    label:has(input[aria-disabled='true']) {
      cursor: not-allowed;
    }
    .dot {
      width: 12px;
      height: 12px;
      border-radius: 50%;
      background: var(--_c);
      border: 1px solid var(--_c);
    }
    /* Chosen: a ring around the mark as well, so the choice never rests on colour or weight alone. */
    input:checked + .dot {
      box-shadow:
        0 0 0 2px var(--_surface-alt),
        0 0 0 4px var(--_c);
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
      label:has(input:checked) {
        border-color: Highlight;
      }
    }
  `,
];
