// The e-signed and E-Onay consent pages (R-APP-8, R-EONAY-1): copy buttons, and a status poll every 2 s that
// announces the result in the page's aria-live region (WCAG 2.2 SC 4.1.3). Without script the page has its
// "Durumu yenile" button and everything still works.
(function () {
  "use strict";
  var copyStatus = document.getElementById("copy-status");
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var text = (source.value !== undefined && source.tagName === "TEXTAREA") ? source.value : source.textContent;
      navigator.clipboard.writeText(text.trim()).then(function () {
        if (copyStatus) { copyStatus.textContent = button.textContent + " ✓"; }
      });
    });
  });

  var status = document.getElementById("sign-status");
  if (!status || !status.dataset.statusUrl) { return; }
  var timer = setInterval(function () {
    fetch(status.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (answer) {
        if (!answer || !answer.done) { return; }
        clearInterval(timer);
        var box = document.createElement("div");
        box.className = "alert alert-success";
        var strong = document.createElement("strong");
        strong.textContent = status.dataset.doneText;
        box.appendChild(strong);
        box.appendChild(document.createTextNode(" " + (status.dataset.doneMore || "")));
        if (status.dataset.doneLink) {
          var p = document.createElement("p");
          var a = document.createElement("a");
          a.href = status.dataset.doneLink;
          a.textContent = status.dataset.doneLinkText;
          p.appendChild(a);
          box.appendChild(p);
        }
        status.replaceChildren(box);
        var instructions = document.getElementById("sign-instructions");
        if (instructions) { instructions.hidden = true; }
      })
      .catch(function () { /* the next tick tries again */ });
  }, 2000);
})();
