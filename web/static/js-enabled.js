// js-enabled.js: GOV.UK Frontend 6's first script, as a file because the
// Content-Security-Policy (script-src 'self') allows no inline script. Loaded
// at the top of <body>, before anything is drawn: marks the body so that
// components styled for JavaScript (the service navigation's Menu button) are
// drawn that way only when scripts run and the browser supports ES modules.
document.body.className += ' js-enabled' +
  ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
