// Searchable pickers (sanwei.core.widgets.AutocompleteSelect). htmx fills the list of
// matches; tapping one puts its id in the hidden input and its label in the search box.
// Typing again clears the choice and the list, so what is saved is always a tapped match
// of the text shown (or nothing).
(function () {
  function pick(option) {
    var picker = option.closest(".picker");
    if (!picker) return; // a list replaced while it was tapped: tap again
    picker.querySelector(".picker-value").value = option.dataset.pickerValue;
    picker.querySelector(".picker-search").value = option.dataset.pickerLabel;
    close(picker);
  }
  function close(picker) {
    picker.querySelector(".picker-results").replaceChildren();
    picker.querySelector(".picker-search").setAttribute("aria-expanded", "false");
  }
  document.addEventListener("click", function (event) {
    var option = event.target.closest(".picker-option");
    if (option) pick(option);
    document.querySelectorAll(".picker").forEach(function (picker) {
      if (!picker.contains(event.target)) close(picker);
    });
  });
  document.addEventListener("input", function (event) {
    // New text: the choice and the matches of the old text are gone until htmx answers.
    if (event.target.classList.contains("picker-search")) {
      var picker = event.target.closest(".picker");
      picker.querySelector(".picker-value").value = "";
      close(picker);
    }
  });
  document.addEventListener("keydown", function (event) {
    // Enter in a picker chooses the first match instead of submitting the form.
    if (event.key !== "Enter" || !event.target.classList.contains("picker-search")) return;
    event.preventDefault();
    var first = event.target.closest(".picker").querySelector(".picker-option");
    if (first) pick(first);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var picker = event.target.closest && event.target.closest(".picker");
    if (picker) picker.querySelector(".picker-search").setAttribute("aria-expanded", "true");
  });
})();
