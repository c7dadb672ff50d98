// The booking confirmation's «Копіювати посилання» button: shown only when the browser can copy
// (the link stays on the page as selectable text without JavaScript). Loaded as a module file:
// no inline script, so the Content Security Policy keeps script-src 'self'.
function enhance (button) {
  const source = document.getElementById(button.dataset.copyFrom)
  const status = document.querySelector(`[data-copy-status="${button.dataset.copyFrom}"]`)
  if (!source || !navigator.clipboard || !window.isSecureContext) return
  // The button waits in a hidden wrapper: GOV.UK's button class would override its own hidden.
  button.parentElement.hidden = false
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(source.textContent.trim())
      if (status) status.textContent = button.dataset.copiedText
    } catch (error) {
      // Copying refused (permissions): select the text so the person can copy it themselves.
      const range = document.createRange()
      range.selectNodeContents(source)
      const selection = window.getSelection()
      selection.removeAllRanges()
      selection.addRange(range)
    }
  })
}

document.querySelectorAll('[data-copy-from]').forEach(enhance)
