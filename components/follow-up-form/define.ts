import { FollowUpFormElement } from './follow-up-form.component.js';

if (!customElements.get('follow-up-form')) customElements.define('follow-up-form', FollowUpFormElement);

declare global {
  interface HTMLElementTagNameMap {
    'follow-up-form': FollowUpFormElement;
  }
}

export { FollowUpFormElement };
