// Concord's own script: progressive enhancement only. Every page works without it.
// It marks the page as scripted (as GOV.UK's template does with an inline script, which
// Concord's Content-Security-Policy does not allow) and starts the GOV.UK Frontend components:
// the error summary takes focus, radios and buttons get their behaviour.
import { initAll } from '/assets/vendor/govuk-frontend/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
