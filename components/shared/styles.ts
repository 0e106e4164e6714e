/**
 * Shared look: public `--lead-*` custom properties (each with a fallback, so an unthemed page
 * looks right), private `--_*` aliases, a visible focus ring, targets of at least 24 px, and
 * respect for `prefers-reduced-motion` and `forced-colors`.
 */
import { css } from 'lit';

/**
 * The theme every element shares. The custom elements manifest lists these under each element
 * that uses them (see custom-elements-manifest.config.mjs); an element's own `@cssprop` wins.
 *
 * @cssprop [--lead-font-family=system-ui, sans-serif] - Font.
 * @cssprop [--lead-font-size=0.9375rem] - Base font size.
 * @cssprop [--lead-color-text=#1f2328] - Text.
 * @cssprop [--lead-color-muted=#57606a] - Secondary text (help, times, authors).
 * @cssprop [--lead-color-surface=#ffffff] - Background of fields, buttons and dialogs.
 * @cssprop [--lead-color-surface-alt=#f6f8fa] - Background of notices and prompts.
 * @cssprop [--lead-color-border=#8c959f] - Borders of fields, buttons and groups.
 * @cssprop [--lead-color-accent=#0b5cad] - Primary buttons and accents.
 * @cssprop [--lead-color-on-accent=#ffffff] - Text on the accent colour.
 * @cssprop [--lead-color-saved=#1a7f37] - Saved ticks and confirmations.
 * @cssprop [--lead-color-pending=#b42318] - Unsaved ticks.
 * @cssprop [--lead-color-danger=#b42318] - Errors and required marks.
 * @cssprop [--lead-focus-ring-color=#0b5cad] - The focus ring.
 * @cssprop [--lead-radius=6px] - Corner radius.
 * @cssprop [--lead-space=8px] - The spacing unit.
 * @cssprop [--lead-target-size=32px] - Minimum height of buttons and fields (never below 24px).
 */
export const tokens = css`
  :host {
    --_font: var(--lead-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_text: var(--lead-color-text, #1f2328);
    --_muted: var(--lead-color-muted, #57606a);
    --_surface: var(--lead-color-surface, #ffffff);
    --_surface-alt: var(--lead-color-surface-alt, #f6f8fa);
    --_border: var(--lead-color-border, #8c959f);
    --_accent: var(--lead-color-accent, #0b5cad);
    --_on-accent: var(--lead-color-on-accent, #ffffff);
    --_saved: var(--lead-color-saved, #1a7f37);
    --_pending: var(--lead-color-pending, #b42318);
    --_danger: var(--lead-color-danger, #b42318);
    --_focus: var(--lead-focus-ring-color, #0b5cad);
    --_radius: var(--lead-radius, 6px);
    --_space: var(--lead-space, 8px);
    --_target: var(--lead-target-size, 32px);
    font-family: var(--_font);
    font-size: var(--lead-font-size, 0.9375rem);
    color: var(--_text);
    line-height: 1.4;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible,
  /* Date and time inputs move focus into their own segments and picker button: ring the whole input. */
  input:is([type='date'], [type='time'], [type='datetime-local']):focus-within {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  button {
    font: inherit;
    min-height: max(24px, var(--_target));
    min-width: 24px;
    padding: 0 calc(var(--_space) * 1.5);
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.65;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-height: max(24px, var(--_target));
    padding: 0 var(--_space);
  }
  textarea {
    padding: var(--_space);
    min-height: 4em;
    width: 100%;
    resize: vertical;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: 20px;
    height: 20px;
    min-height: 20px;
    margin: 2px;
    accent-color: var(--_accent);
  }
  .field {
    display: grid;
    gap: 4px;
    margin-block: var(--_space);
  }
  .check {
    display: flex;
    align-items: center;
    gap: var(--_space);
    min-height: 24px;
  }
  .error {
    color: var(--_danger);
    font-size: 0.875em;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
    border-width: 2px;
  }
  .req {
    color: var(--_danger);
  }
  .muted {
    color: var(--_muted);
  }
  .status {
    color: var(--_saved);
    font-weight: 600;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
  @media (forced-colors: active) {
    button.primary {
      border: 2px solid ButtonText;
    }
    :focus-visible,
    input:is([type='date'], [type='time'], [type='datetime-local']):focus-within {
      outline-color: Highlight;
    }
  }
`;
