// Device pages of the queue (the kiosk and the board in the hall). External, so the strict
// Content-Security-Policy holds; every page works without it.
//
// * `data-vd-reset-after` / `data-vd-reset-url` on <body>: back to the start after N seconds
//   (without JavaScript a <noscript> meta refresh does the same);
// * `[data-vd-kiosk-print]`: the print button, hidden in the HTML, prints the ticket with one tap
//   (a kiosk browser started with --kiosk-printing sends it straight to the receipt printer);
// * `[data-vd-clock]`: the board's clock, ticking from the server's time (`data-vd-now`, ms).
(() => {
  const body = document.body
  const resetAfter = Number(body.dataset.vdResetAfter || 0)
  const resetUrl = body.dataset.vdResetUrl
  if (resetAfter > 0 && resetUrl) {
    window.setTimeout(() => window.location.replace(resetUrl), resetAfter * 1000)
  }

  for (const button of document.querySelectorAll('[data-vd-kiosk-print]')) {
    button.hidden = false
    button.addEventListener('click', () => window.print())
  }

  const clock = document.querySelector('[data-vd-clock]')
  if (clock) {
    const offset = Number(clock.dataset.vdNow || Date.now()) - Date.now()
    const format = new Intl.DateTimeFormat('uk-UA', {
      hour: '2-digit', minute: '2-digit', timeZone: clock.dataset.vdTimeZone || 'Europe/Kyiv'
    })
    const tick = () => { clock.textContent = format.format(new Date(Date.now() + offset)) }
    tick()
    window.setInterval(tick, 1000)
  }
})()
