/** The look every report shares: the options form, the bar chart, the table and the CSV download. */
import { css } from 'lit';
import { tokens } from './styles.js';

export const styles = [
  tokens,
  css`
    :host {
      display: block;
      --_bar-color: var(--lead-report-bar-color, var(--_accent));
    }
    h2 {
      margin: 0 0 var(--_space);
      font-size: 1.15em;
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 0 calc(var(--_space) * 2);
      align-items: end;
    }
    .summary {
      margin: var(--_space) 0;
    }
    .chart {
      margin: var(--_space) 0;
    }
    figcaption,
    caption {
      font-weight: 600;
      text-align: start;
      margin-bottom: 4px;
    }
    .bars {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 4px;
    }
    .bar-row {
      display: grid;
      grid-template-columns: minmax(10rem, 1fr) 2fr;
      gap: var(--_space);
      align-items: center;
    }
    .bar {
      display: block;
      height: 1.1em;
      background: var(--_surface-alt);
      border: 1px solid var(--_border);
      border-radius: 3px;
      overflow: hidden;
    }
    .bar-fill {
      display: block;
      height: 100%;
      width: calc(var(--_fill, 0) * 100%);
      background: var(--_bar-color);
    }
    .table-wrap {
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      min-width: 100%;
    }
    th,
    td {
      border: 1px solid var(--_border);
      padding: 4px var(--_space);
      text-align: start;
    }
    thead th,
    tfoot th,
    tfoot td {
      background: var(--_surface-alt);
    }
    .num {
      text-align: end;
      font-variant-numeric: tabular-nums;
    }
    .download {
      display: inline-flex;
      align-items: center;
      min-height: max(24px, var(--_target));
      margin-top: var(--_space);
      color: var(--_accent);
    }
    @media (forced-colors: active) {
      .bar-fill {
        background: CanvasText;
      }
    }
  `,
];
