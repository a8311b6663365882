// A file field's button and its "no file chosen" text come from the browser, in the browser's language; on a
// Turkish page an English "Choose File" is left over (R-X-1). The native control stays (focusable, named by its
// field's label, receiving clicks and drops) but transparent over our own button and file name in the page's language.
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
    const show = () => {
      name.textContent = input.files.length ? Array.from(input.files, f => f.name).join(', ') : none;
    };
    input.addEventListener('change', show);
    show();
  }
})();
