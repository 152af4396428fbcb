// The security-key forms (form[data-webauthn="register" | "authenticate"]): on submit, ask the JSON API at
// data-options for the ceremony's options (with the form's CSRF token), run it with @simplewebauthn/browser, put
// the browser's answer in the form's `webauthn` field as JSON and post the form; the server checks it and answers
// with a page. A change that needs sudo mode goes to data-confirm-password first.
import { browserSupportsWebAuthn, startAuthentication, startRegistration } from './vendor/simplewebauthn/index.js';

for (const form of document.querySelectorAll('form[data-webauthn]')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void runCeremony(form);
  });
}

async function runCeremony(form) {
  const say = (text) => {
    form.querySelector('[data-webauthn-message]').textContent = text;
  };
  if (!browserSupportsWebAuthn()) {
    say('This browser cannot use security keys.');
    return;
  }
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const answer = await fetch(form.dataset.options, {
      method: 'POST',
      headers: { 'X-CSRF-Token': form.elements.namedItem('csrf_token').value },
      credentials: 'same-origin',
    });
    const options = await answer.json().catch(() => null);
    if (!answer.ok) {
      if (options?.error?.code === 'sudo_required' && form.dataset.confirmPassword) {
        window.location.assign(form.dataset.confirmPassword);
        return;
      }
      say(options?.error?.message ?? `The registry answered ${answer.status}: reload the page and try again.`);
      return;
    }
    say('Touch your security key.');
    const response = form.dataset.webauthn === 'register' ? await startRegistration({ optionsJSON: options }) : await startAuthentication({ optionsJSON: options });
    form.elements.namedItem('webauthn').value = JSON.stringify(response);
    say('Checking…');
    // submit() sends the form without a submit event: this handler does not run again.
    form.submit();
  } catch (error) {
    say(ceremonyError(error));
  } finally {
    button.disabled = false;
  }
}

function ceremonyError(error) {
  if (error?.name === 'NotAllowedError') return 'The security key was not used (cancelled, or it took too long): try again.';
  if (error?.name === 'InvalidStateError') return 'This security key is added already.';
  return `The security key could not be used: ${error?.message ?? String(error)}`;
}
