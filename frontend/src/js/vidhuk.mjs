// Vidhuk front-end entry, loaded with <script type="module">.
//
// Pages work without it; it only enhances GOV.UK Frontend components
// (error summary focus, service navigation menu on small screens, character
// count, accordions, tabs, ...).
import { initAll } from 'govuk-frontend'

// GOV.UK Frontend's components only start when <body> carries
// `govuk-frontend-supported`. GOV.UK's own page template sets it with an inline
// script; setting it here instead keeps every script external (strict CSP) and,
// since only browsers that run ES modules get here, keeps GOV.UK's test.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

/** @param {unknown} error */
function reportError (error) {
  // A component already initialised on a re-scanned fragment is not a fault.
  if (error instanceof Error && error.name === 'InitError') return
  console.error(error)
}

initAll({ onError: reportError })

// Content swapped in by htmx gets its components initialised too. htmx fires
// `htmx:load` on each new top-level element (and on <body> once at start-up,
// which initAll above has covered). GOV.UK searches only *inside* a scope, so
// scan from the parent: siblings already initialised are skipped (InitError).
document.addEventListener('htmx:load', (event) => {
  const loaded = event.target
  if (!(loaded instanceof Element) || loaded === document.body) return
  initAll({ scope: loaded.parentElement ?? loaded, onError: reportError })
})

// «Друкувати» on a print view: the button is hidden in the HTML (it needs a script) and shown here.
for (const button of document.querySelectorAll('[data-vd-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
