// "Yeni resim" in place (R-APP-2): asks the login page's NewPicture handler for a new picture and swaps it in,
// keeping everything typed. Without JavaScript the same button posts the form and the page comes back redrawn.
(function () {
    'use strict';
    var form = document.getElementById('applicant-login');
    var button = document.getElementById('new-picture');
    if (!form || !button || !window.fetch || !window.FormData) {
        return;
    }

    button.addEventListener('click', function (event) {
        event.preventDefault();
        button.disabled = true;
        fetch(button.getAttribute('formaction'), {
            method: 'POST',
            body: new FormData(form),
            headers: { 'Accept': 'application/json' },
            credentials: 'same-origin'
        }).then(function (response) {
            if (!response.ok) {
                throw new Error(String(response.status));
            }
            return response.json();
        }).then(function (picture) {
            document.getElementById('captcha-id').value = picture.captchaId;
            document.getElementById('captcha-image').src = picture.imageUrl;
            var answer = document.getElementById('Input_CaptchaAnswer');
            answer.value = '';
            document.getElementById('captcha-status').textContent = button.getAttribute('data-shown') || '';
            answer.focus();
        }).catch(function () {
            // The page without JavaScript still works: post the form the ordinary way.
            form.action = button.getAttribute('formaction');
            form.submit();
        }).finally(function () {
            button.disabled = false;
        });
    });
}());
