// Behaviour that would otherwise sit in inline attributes, which the Content-Security-Policy
// forbids (no inline scripts): a form with data-confirm asks before it is sent, an input
// with data-select-on-focus selects its text when tapped (a link to copy).
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    if (event.target.matches && event.target.matches("input[data-select-on-focus]")) {
      event.target.select();
    }
  });
})();
