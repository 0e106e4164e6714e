import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: inline-block;
    }
    [part~='base'],
    .announced {
      display: inline-flex;
      align-items: center;
      gap: var(--_space);
      flex-wrap: wrap;
      min-height: 24px;
    }
    .dot {
      width: 10px;
      height: 10px;
      border-radius: 50%;
      background: var(--_muted);
    }
    [data-state='live'] .dot {
      background: var(--_saved);
    }
    [data-state='unauthorized'] .dot,
    [data-state='error'] .dot {
      background: var(--_danger);
    }
    [data-state='offline'] .dot,
    [data-state='paused'] .dot {
      background: var(--_muted);
      box-shadow: inset 0 0 0 2px var(--_surface);
      border: 1px solid var(--_muted);
    }
    .state {
      font-weight: 600;
    }
    .detail {
      color: var(--_muted);
      font-size: 0.875em;
    }
    @media (prefers-reduced-motion: no-preference) {
      [data-state='connecting'] .dot {
        animation: pulse 1.2s ease-in-out infinite;
      }
    }
    @keyframes pulse {
      50% {
        opacity: 0.3;
      }
    }
    @media (forced-colors: active) {
      .dot {
        forced-color-adjust: none;
        border: 1px solid CanvasText;
      }
    }
  `,
];
