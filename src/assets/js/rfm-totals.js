// Running totals on the RFM indicator pages: worked out as scores are chosen, with the band from
// the scoring API once all fourteen are known. The server works them out again on save.
export function initRfmTotals() {
  const box = document.querySelector('[data-rfm-totals]');
  if (!box) return;
  const form = document.querySelector('form[data-autosave]');
  const groups = Array.from(document.querySelectorAll('[data-rfm-indicator]'));
  const saved = JSON.parse(box.dataset.savedScores || '{}');
  const bands = JSON.parse(box.dataset.bands || '[]');
  const out = (k) => box.querySelector(`[data-total="${k}"]`);

  async function update() {
    const scores = { ...saved };
    for (const g of groups) {
      const n = g.dataset.rfmIndicator;
      const checked = g.querySelector('input[type="radio"]:checked');
      if (checked) scores[n] = Number(checked.value);
      else delete scores[n];
    }
    let a = 0;
    let b = 0;
    for (const [n, v] of Object.entries(scores)) (Number(n) <= 7 ? (a += v) : (b += v));
    out('A').textContent = String(a);
    out('B').textContent = String(b);
    out('AB').textContent = String(a + b);
    if (out('count')) out('count').textContent = `${Object.keys(scores).length} of 14`;
    const local = bands.find((x) => a + b >= x.min && a + b <= x.max);
    if (local) out('band').textContent = local.label;
    if (Object.keys(scores).length === 14) {
      try {
        const res = await fetch('/api/v1/assessments/score', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': document.body.dataset.csrf },
          body: JSON.stringify({ tool: 'rfm', partnership: box.dataset.partnership, indicators: scores }),
        });
        if (res.ok) {
          const r = await res.json();
          const named = bands.find((x) => x.band === r.band);
          out('band').textContent = named ? named.label : r.band;
        }
      } catch {
        // the local band stands
      }
    }
  }
  if (form) form.addEventListener('change', update);
}
