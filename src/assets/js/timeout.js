// The idle-timeout warning: shown a few minutes before the server ends an idle session, so that
// nobody loses work unawares. "Stay signed in" tells the server the user is still here.
export function initTimeoutWarning(doc, beforeWarning = async () => {}) {
  const body = doc.body;
  const idle = Number(body.dataset.idleSeconds);
  const warn = Number(body.dataset.warnSeconds);
  const dialog = doc.getElementById('timeout-dialog');
  if (!idle || !dialog || typeof dialog.showModal !== 'function') return;
  const stay = doc.getElementById('timeout-stay');
  const minutesText = dialog.querySelector('.app-timeout__minutes');
  let lastActive = Date.now();
  let returnFocus = null;
  let ticker = null;

  const remaining = () => idle * 1000 - (Date.now() - lastActive);

  function schedule() {
    clearTimeout(ticker);
    const untilWarning = remaining() - warn * 1000;
    ticker = setTimeout(tick, Math.max(untilWarning, 0));
  }

  function tick() {
    const left = remaining();
    if (left <= 0) {
      beforeWarning().finally(() => (window.location.href = '/signed-out?reason=timeout'));
      return;
    }
    if (!dialog.open) {
      beforeWarning();
      returnFocus = doc.activeElement;
      dialog.showModal();
      stay.focus();
    }
    const minutes = Math.ceil(left / 60000);
    minutesText.textContent = minutes === 1 ? '1 minute' : `${minutes} minutes`;
    ticker = setTimeout(tick, Math.min(left, 15000));
  }

  stay.addEventListener('click', async () => {
    try {
      const res = await fetch('/session/keep-alive', {
        method: 'POST',
        headers: { 'x-csrf-token': body.dataset.csrf, accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!res.ok) throw new Error('expired');
      lastActive = Date.now();
      dialog.close();
      if (returnFocus && typeof returnFocus.focus === 'function') returnFocus.focus();
      schedule();
    } catch {
      window.location.href = '/signed-out?reason=timeout';
    }
  });
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    stay.click();
  });
  schedule();
}
