import { initAll } from '/assets/govuk/govuk-frontend.min.js';
import { initAll as initMoj } from '/assets/moj/moj-frontend.min.js';
import { initTimeoutWarning } from '/assets/js/timeout.js';

initAll();
initMoj();
initTimeoutWarning(document);
