// app.js: progressive enhancement only; every page works without it.
// Marks the body as JS-enabled (GOV.UK Frontend's convention) and starts
// GOV.UK Frontend's components.
import { initAll } from '/static/govuk/govuk-frontend.min.js';
document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
