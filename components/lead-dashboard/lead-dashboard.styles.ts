import { css } from 'lit';
import { tokens } from '../shared/styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
      /* The action buttons and the date must never be clipped: the text columns give way first. */
      --_cols: minmax(140px, 1.3fr) minmax(150px, 1.3fr) minmax(100px, 0.9fr) minmax(120px, 1.1fr) minmax(180px, 1.4fr) minmax(136px, 0.9fr) minmax(100px, 0.7fr) 236px;
      --_hot: var(--lead-interest-hot, #c2410c);
      --_warm: var(--lead-interest-warm, #b7791f);
      --_cold: var(--lead-interest-cold, #2563eb);
      --_not-set: var(--lead-interest-not-set, #6b7280);
    }
    .base {
      display: grid;
      gap: var(--_space);
      position: relative;
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-end;
      gap: var(--_space) calc(var(--_space) * 2);
    }
    .filters .field {
      margin: 0;
    }
    #search {
      width: 20em;
      max-width: 100%;
    }
    .range {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px var(--_space);
    }
    fieldset {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      margin: 0;
      padding: 4px var(--_space);
    }
    fieldset.status {
      display: flex;
      gap: var(--_space);
    }
    .seg {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      min-height: 24px;
    }
    .facet {
      position: relative;
    }
    .facet summary {
      cursor: pointer;
      min-height: max(24px, var(--_target));
      display: flex;
      align-items: center;
      padding: 0 var(--_space);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .facet[open] fieldset {
      position: absolute;
      z-index: 3;
      background: var(--_surface);
      min-width: 220px;
      max-height: 320px;
      overflow: auto;
      box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
    }
    .count {
      color: var(--_muted);
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space);
    }
    .total {
      margin: 0;
      font-weight: 600;
    }
    .notice {
      margin: 0;
    }
    .closers {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space);
      margin-block-start: var(--_space);
    }
    .bulk-bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px var(--_space);
    }
    .bulk-run {
      display: flex;
      align-items: center;
      gap: var(--_space);
    }
    .bulk-summary {
      flex-basis: 100%;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: var(--_space);
    }
    .grid {
      overflow-x: auto;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .head,
    .body {
      min-width: 1206px;
    }
    .grid.with-select {
      --_select: 40px;
    }
    .row {
      display: grid;
      grid-template-columns: var(--_select, 0) var(--_cols);
      align-items: center;
    }
    .grid:not(.with-select) .row {
      grid-template-columns: var(--_cols);
    }
    .row > [role='gridcell'],
    .row > [role='columnheader'] {
      padding: 0 var(--_space);
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .header {
      background: var(--_surface-alt);
      border-bottom: 1px solid var(--_border);
      min-height: 40px;
    }
    button.sort {
      border: none;
      background: none;
      padding: 0 4px;
      font-weight: 600;
    }
    button.sort.sub {
      font-weight: 400;
      font-size: 0.85em;
    }
    [aria-sort='ascending'] button.sort:first-child,
    [aria-sort='descending'] button.sort:first-child,
    button.sort[aria-pressed='true'] {
      color: var(--_accent);
    }
    .body {
      height: var(--lead-dashboard-height, 480px);
      overflow-y: auto;
      position: relative;
      contain: strict;
    }
    .spacer {
      position: relative;
    }
    .body .row {
      position: absolute;
      top: 0;
      left: 0;
      right: 0;
      border-bottom: 1px solid color-mix(in srgb, var(--_border) 35%, transparent);
      cursor: default;
      contain: layout style;
    }
    .body .row:hover {
      background: var(--_surface-alt);
    }
    .body .row.selected {
      background: color-mix(in srgb, var(--_accent) 12%, var(--_surface));
    }
    .body .row:focus-visible {
      outline-offset: -2px;
    }
    .message {
      padding: calc(var(--_space) * 2);
      color: var(--_muted);
    }
    .actions {
      display: flex;
      gap: 4px;
    }
    .actions button {
      padding: 0 6px;
      min-height: 28px;
    }
    .interest {
      display: inline-grid;
      place-items: center;
      width: 20px;
      height: 20px;
      border-radius: 50%;
      font-size: 0.75em;
      font-weight: 700;
      color: #fff;
      margin-inline-end: 6px;
      background: var(--_not-set);
    }
    .interest.hot {
      background: var(--_hot);
    }
    .interest.warm {
      background: var(--_warm);
    }
    .interest.cold {
      background: var(--_cold);
    }
    .panel {
      position: fixed;
      inset-block: 0;
      inset-inline-end: 0;
      width: min(440px, 100%);
      overflow: auto;
      z-index: 5;
      background: var(--_surface);
      border-inline-start: 1px solid var(--_border);
      box-shadow: -4px 0 24px rgb(0 0 0 / 0.15);
      padding: calc(var(--_space) * 2);
    }
    .panel header {
      display: flex;
      justify-content: space-between;
      align-items: center;
    }
    .panel h2 {
      margin: 0;
      font-size: 1.2em;
    }
    .facts {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 2px var(--_space);
    }
    .facts dt {
      color: var(--_muted);
    }
    .facts dd {
      margin: 0;
    }
    dialog.bulk {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      max-width: min(520px, 95vw);
      color: var(--_text);
      background: var(--_surface);
    }
    dialog.bulk h2 {
      margin-top: 0;
      font-size: 1.15em;
    }
    .footer {
      display: flex;
      justify-content: flex-end;
      gap: var(--_space);
      margin-top: calc(var(--_space) * 2);
    }
    .hint {
      font-size: 0.875em;
      margin: 0;
    }
    @media (forced-colors: active) {
      .interest {
        forced-color-adjust: none;
        border: 1px solid CanvasText;
      }
      .body .row.selected {
        outline: 2px solid Highlight;
      }
    }
  `,
];
