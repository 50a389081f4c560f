import { initAll } from '/assets/govuk/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/moj/moj-frontend.min.js';
import { initTimeoutWarning } from '/assets/js/timeout.js';
import { initAutosave, autosaveNow } from '/assets/js/autosave.js';
import { initRfmTotals } from '/assets/js/rfm-totals.js';

initAll();
initMoj();
initAutosave();
initRfmTotals();
initTimeoutWarning(document, autosaveNow);
