// A file field's button and its "no file chosen" text come from the browser, in the browser's language; on a
// Turkish page an English "Choose File" is left over (R-X-1). The native control stays (focusable, named by its
// field's label, receiving clicks and drops) but transparent over our own button and file name in the page's language.
// A field with data-max-bytes also says at once, in data-too-large's words, that a chosen file is too large, and keeps
// the form from sending it: the server stops reading an upload far over its limit, which a browser shows as a broken
// connection rather than the server's page.
(() => {
  const choose = document.body.dataset.fileChoose;
  const none = document.body.dataset.fileNone;
  if (!choose || !none) {
    return;
  }

  for (const input of document.querySelectorAll('input[type="file"]')) {
    const control = document.createElement('span');
    control.className = 'file-control';
    const button = document.createElement('span');
    button.className = 'button file-button';
    button.textContent = choose;
    button.setAttribute('aria-hidden', 'true');
    const name = document.createElement('span');
    name.className = 'file-name';
    name.setAttribute('aria-hidden', 'true');
    input.parentNode.insertBefore(control, input);
    control.append(input, button, name);
    input.classList.add('file-native');
    const max = Number(input.dataset.maxBytes || 0);
    const oversized = () => max > 0 && Array.from(input.files).some(f => f.size > max);
    const show = () => {
      const error = oversized();
      name.textContent = error ? input.dataset.tooLarge : input.files.length ? Array.from(input.files, f => f.name).join(', ') : none;
      name.classList.toggle('field-error', error);
      if (error) {
        name.removeAttribute('aria-hidden');
        name.setAttribute('role', 'alert');
      } else {
        name.setAttribute('aria-hidden', 'true');
        name.removeAttribute('role');
      }
    };
    input.addEventListener('change', show);
    input.form?.addEventListener('submit', event => {
      if (oversized()) {
        event.preventDefault();
        input.focus();
      }
    });
    show();
  }
})();
