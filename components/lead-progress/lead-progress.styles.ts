import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
    }
    [part~='base'] {
      display: grid;
      gap: var(--_space);
    }
    [part~='base'] > p {
      margin: 0;
    }
    [part~='current'] {
      font-weight: 600;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    li {
      display: flex;
    }
    .step {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      min-height: max(24px, var(--_target));
      padding: 2px 10px 2px 6px;
      border: 1px solid var(--_border);
      border-radius: 999px;
      background: var(--_surface);
      color: var(--_text);
    }
    .icon {
      display: inline-grid;
      place-items: center;
      width: 20px;
      height: 20px;
      border-radius: 50%;
      border: 2px solid var(--_border);
      font-size: 13px;
      line-height: 1;
      font-weight: 700;
    }
    .step[data-mark='saved'] {
      border-color: var(--_saved);
      color: var(--_saved);
    }
    .step[data-mark='saved'] .icon {
      background: var(--_saved);
      border-color: var(--_saved);
      color: var(--_surface);
    }
    .step[data-mark='pending-check'],
    .step[data-mark='pending-recheck'] {
      border-color: var(--_pending);
      border-style: dashed;
      color: var(--_pending);
    }
    .step[data-mark='pending-check'] .icon,
    .step[data-mark='pending-recheck'] .icon {
      background: var(--_pending);
      border-color: var(--_pending);
      color: var(--_surface);
    }
    .step[data-mark='pending-clear'] {
      border-style: dashed;
      color: var(--_muted);
    }
    .step[data-mark='pending-clear'] [part~='step-label'] {
      text-decoration: line-through;
    }
    .step[aria-current='step'] {
      box-shadow: inset 0 0 0 1px currentColor;
      font-weight: 600;
    }
    .step[aria-disabled='true'] {
      cursor: not-allowed;
    }
    .unavailable {
      margin: 0;
      padding: var(--_space);
      border-left: 4px solid var(--_muted);
      background: var(--_surface-alt);
    }
    .state,
    .cloud {
      font-size: 0.8em;
    }
    .cloud {
      color: var(--_muted);
    }
    [part~='footer'] {
      display: flex;
      gap: var(--_space);
      flex-wrap: wrap;
      align-items: center;
    }
    [part~='prompt'] {
      display: grid;
      gap: var(--_space);
      padding: var(--_space);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface-alt);
    }
    [part~='prompt'] p {
      margin: 0;
    }
    @media (forced-colors: active) {
      .step[data-mark='saved'] .icon,
      .step[data-mark='pending-check'] .icon,
      .step[data-mark='pending-recheck'] .icon {
        forced-color-adjust: none;
        background: Highlight;
        color: HighlightText;
      }
    }
  `,
];
