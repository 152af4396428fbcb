// Copy buttons: <button data-copy="<id of a field>" data-copy-status="<id of a role=status element>" hidden>.
// Shown only where the clipboard can be written; without them the field is still there to select and copy by hand.
for (const button of document.querySelectorAll('button[data-copy]')) {
  const field = document.getElementById(button.dataset.copy ?? '');
  const status = document.getElementById(button.dataset.copyStatus ?? '');
  if (!(field instanceof HTMLInputElement) || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = 'Copied.';
    } catch {
      field.select();
      if (status) status.textContent = 'Could not copy: the token is selected, copy it with Ctrl+C.';
    }
  });
}
