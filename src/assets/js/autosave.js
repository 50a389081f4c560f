// Long forms save themselves as drafts while you work (every minute when something changed, and
// when the idle-timeout warning appears), so a timed-out session never loses what was typed.
const forms = () => Array.from(document.querySelectorAll('form[data-autosave]'));
const dirty = new WeakSet();

export async function autosaveNow() {
  for (const form of forms()) {
    if (!dirty.has(form)) continue;
    const data = new FormData(form);
    data.set('action', 'autosave');
    try {
      const res = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(data),
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      });
      if (!res.ok) continue;
      const body = await res.json();
      const version = form.querySelector('input[name="version"]');
      if (version && body.version) version.value = String(body.version);
      dirty.delete(form);
      const status = form.querySelector('[data-autosave-status]');
      if (status) status.textContent = `Draft saved at ${new Date().toLocaleTimeString('en-GB', { hour: 'numeric', minute: '2-digit' })}`;
    } catch {
      // Offline or signed out: the next attempt, or the user's own save, will carry the changes.
    }
  }
}

export function initAutosave() {
  const list = forms();
  if (!list.length) return;
  for (const form of list) {
    const mark = () => dirty.add(form);
    form.addEventListener('input', mark);
    form.addEventListener('change', mark);
    if (!form.querySelector('[data-autosave-status]')) {
      const p = document.createElement('p');
      p.className = 'govuk-body-s';
      p.setAttribute('data-autosave-status', '');
      p.setAttribute('role', 'status');
      form.appendChild(p);
    }
  }
  setInterval(autosaveNow, 60000);
}
