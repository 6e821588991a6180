// app.js: progressive enhancement only; every page works without it. Starts
// GOV.UK Frontend 6's components (js-enabled.js has already marked the body).
import { initAll } from '/static/govuk/govuk-frontend.min.js';
initAll();
