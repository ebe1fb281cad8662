// Tables scroll inside their own box so the page itself never scrolls sideways on
// a 375 px phone.
import { html } from 'htm/preact';

export function TableWrap({ label, children, testid }) {
  return html`<div class="table-wrap" role="region" aria-label=${label} tabindex="0" data-testid=${testid}>
    ${children}
  </div>`;
}
