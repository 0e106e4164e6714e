/**
 * The dashboard's side panel: the lead it shows and in which mode, opening and closing it, and
 * what follows a close made from it (the brief notice, focus back on the lead's row while the rows
 * catch up). The element owns the rows and their focus; the panel asks for them through
 * {@link SidePanelGrid}.
 */
import { html, nothing } from 'lit';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { DashboardRow } from '../../src/dashboard/row.js';
import { dateText, t } from './messages.js';

export type PanelMode = 'open' | 'progress' | 'close';

/**
 * The side panel's lead. `closable` (whether the lead was open when the panel first knew it) is
 * kept while the panel is open: a close must not take the dialog away before it has answered, and a
 * close made elsewhere is explained by the dialogs themselves ("already closed").
 */
interface Panel {
  leadId: string;
  mode: PanelMode;
  closable?: boolean;
}

/** A close made from the side panel, followed until the rows show it. */
interface AfterClose {
  leadId: string;
  /** Where the lead's row was (-1: not in the view). */
  index: number;
  outcome: 'lost' | 'won' | 'requested';
  until: number;
}

/** What the panel needs from the element's rows. */
export interface SidePanelGrid {
  /** The lead's row in the index, whether or not the filters show it. */
  row(leadId: string): DashboardRow | undefined;
  /** The rows in view, in order. */
  rows(): readonly DashboardRow[];
  /** The active row's element, when rendered. */
  activeRowElement(): HTMLElement | null;
  /** Makes the lead's row the active one and focuses it after the next update. */
  focusLead(leadId: string): void;
  /** Makes the row at `index` the active one, scrolled into view, and focuses it (the search when there are no rows). */
  focusRowAt(index: number): void;
  userName(userId: string): string;
  statusText(row: DashboardRow): string;
}

type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment };

export class SidePanelController implements ReactiveController {
  private panelState: Panel | null = null;
  private noticeText = '';
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private returnFocusTo: HTMLElement | null = null;
  /**
   * After a close from the side panel: the lead and where its row was, until the rows show the
   * close (the lead left the view, or its row says closed / close requested) or `until` passes.
   */
  private afterClose: AfterClose | null = null;
  /** Where the side panel's lead was last seen in the rows (-1: not seen). */
  private rowIndex = -1;

  constructor(
    private readonly host: Host,
    private readonly grid: SidePanelGrid,
  ) {
    host.addController(this);
  }

  /** The brief confirmation after a close from the side panel ('' = none). */
  get notice(): string {
    return this.noticeText;
  }

  private setNotice(text: string): void {
    if (text === this.noticeText) return;
    this.noticeText = text;
    this.host.requestUpdate();
  }

  private get panel(): Panel | null {
    return this.panelState;
  }

  private set panel(panel: Panel | null) {
    if (panel === this.panelState) return;
    this.panelState = panel;
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    clearTimeout(this.noticeTimer);
    this.setNotice('');
    this.afterClose = null;
  }

  /** Shows the lead in the panel, focuses the panel, and in `close` mode opens its Close Lost dialog. */
  open(leadId: string, mode: PanelMode): void {
    this.returnFocusTo = (this.host.renderRoot as ShadowRoot).activeElement as HTMLElement | null;
    const row = this.grid.row(leadId);
    this.panel = row ? { leadId, mode, closable: row.status === 'open' } : { leadId, mode };
    this.rowIndex = -1;
    this.noteRow();
    void this.host.updateComplete.then(async () => {
      const panel = this.host.renderRoot.querySelector<HTMLElement>('aside [data-autofocus]');
      panel?.focus();
      if (mode === 'close') await this.openCloseDialog();
    });
  }

  /** Closes the panel; focus goes back to what had it when the panel opened (or the active row). */
  close(): void {
    this.panel = null;
    const target = this.returnFocusTo;
    this.returnFocusTo = null;
    void this.host.updateComplete.then(() => (target?.isConnected ? target : this.grid.activeRowElement())?.focus());
  }

  /** Before the rows are queried: learns whether the panel's lead is closable once the index knows it. */
  learnClosable(): void {
    const panel = this.panel;
    if (panel && panel.closable === undefined) {
      const row = this.grid.row(panel.leadId);
      if (row) this.panel = { ...panel, closable: row.status === 'open' };
    }
  }

  /** Remembers where the side panel's lead is in the rows (the close may take it out of them before the dialog answers). */
  noteRow(): void {
    const leadId = this.panel?.leadId;
    const i = leadId ? this.grid.rows().findIndex((r) => r.id === leadId) : -1;
    if (i >= 0) this.rowIndex = i;
  }

  /** After each update: keeps focus on a lead closed from the panel while the rows catch up. */
  followClose(): void {
    if (this.afterClose) this.followClosedLead(this.afterClose);
  }

  /** The embedded dialog opens once it has read the lead, the policy and the actor from the store. */
  private async openCloseDialog(): Promise<void> {
    type Dialog = HTMLElement & { show?: () => Promise<void>; open?: boolean; updateComplete?: Promise<unknown> };
    const dialog = this.host.renderRoot.querySelector<Dialog>('aside close-lost-dialog');
    if (!dialog || typeof dialog.show !== 'function') return;
    for (let attempt = 0; attempt < 100 && !dialog.open && dialog.isConnected; attempt++) {
      await dialog.updateComplete;
      await dialog.show();
      if (!dialog.open) await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The lead in the side panel was closed (or a close requested): back to the dashboard, on the lead's row. */
  private onLeadClosed(leadId: string, outcome: 'lost' | 'won' | 'requested'): void {
    const panel = this.panel;
    if (!panel || panel.leadId !== leadId) return;
    const customer = this.grid.row(leadId)?.customer ?? leadId;
    this.showNotice(t(outcome === 'requested' ? 'panel.close-requested' : `panel.closed-${outcome}`, { customer }));
    this.noteRow();
    const index = this.rowIndex;
    this.panel = null;
    this.returnFocusTo = null;
    const pending: AfterClose = { leadId, index, outcome, until: performance.now() + 3000 };
    this.afterClose = pending;
    setTimeout(() => {
      if (this.afterClose === pending) this.afterClose = null;
    }, 3000);
    this.grid.focusLead(leadId);
  }

  /**
   * Keeps keyboard focus on the closed lead's row while the rows catch up with the close; when the
   * lead leaves the view (Open leads only), the row now at its place takes focus.
   */
  private followClosedLead(pending: AfterClose): void {
    const focused = (this.host.renderRoot as ShadowRoot).activeElement as HTMLElement | null;
    if (focused && focused.getAttribute('role') === 'row' && focused.dataset['id'] !== pending.leadId) {
      // The user has moved on to another row.
      this.afterClose = null;
      return;
    }
    const rows = this.grid.rows();
    const i = rows.findIndex((r) => r.id === pending.leadId);
    const row = i >= 0 ? (rows[i] as DashboardRow) : null;
    const shown = row ? (pending.outcome === 'requested' ? row.closeRequested : row.status === 'closed') : true;
    if (shown || performance.now() > pending.until) this.afterClose = null;
    // Its own row, scrolled into view (the close may have moved it in the sort); when the lead
    // left the view, the row now in its place (or the last one).
    this.grid.focusRowAt(row ? i : pending.index >= 0 ? Math.min(pending.index, rows.length - 1) : 0);
  }

  private showNotice(text: string): void {
    this.setNotice(text);
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => this.setNotice(''), 5000);
  }

  render(): TemplateResult | typeof nothing {
    const panel = this.panel;
    if (!panel) return nothing;
    const row = this.grid.row(panel.leadId);
    const widget = (tag: 'lead-progress' | 'close-lost-dialog') =>
      customElements.get(tag) ? nothing : html`<p class="muted">${t('panel.widget-missing', { tag })}</p>`;
    return html`<aside part="panel" class="panel" aria-labelledby="panel-title"
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Escape' && !e.defaultPrevented) this.close();
        }}
        @lead-closed=${(e: CustomEvent<{ leadId: string; outcome: 'lost' | 'won' }>) => this.onLeadClosed(e.detail.leadId, e.detail.outcome)}
        @close-requested=${(e: CustomEvent<{ leadId: string }>) => this.onLeadClosed(e.detail.leadId, 'requested')}>
      <header>
        <h2 id="panel-title" tabindex="-1" data-autofocus>${row?.customer ?? panel.leadId}</h2>
        <button type="button" class="close" aria-label=${t('panel.close')} @click=${() => this.close()}>✕</button>
      </header>
      ${
        row
          ? html`<dl class="facts">
            <dt>${t('col.vehicle')}</dt><dd>${row.vehicle}</dd>
            <dt>${t('col.source')}</dt><dd>${row.source}</dd>
            <dt>${t('col.salesperson')}</dt><dd>${this.grid.userName(row.salespersonId)}</dd>
            <dt>${t('col.actionAt')}</dt><dd>${dateText(row.actionAt)}</dd>
            <dt>${t('col.status')}</dt><dd>${this.grid.statusText(row)}</dd>
          </dl>`
          : nothing
      }
      ${
        panel.mode === 'close'
          ? html`<close-lost-dialog lead-id=${panel.leadId}></close-lost-dialog>${widget('close-lost-dialog')}`
          : html`<lead-progress lead-id=${panel.leadId}></lead-progress>${widget('lead-progress')}
            ${
              panel.mode === 'open' && panel.closable
                ? html`<div class="closers"><close-lost-dialog lead-id=${panel.leadId}></close-lost-dialog><close-won-dialog lead-id=${panel.leadId}></close-won-dialog></div>`
                : nothing
            }`
      }
    </aside>`;
  }
}
